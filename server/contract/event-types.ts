/** The typed map of everything that travels to browsers over socket.io. Pure types and zod: clients import it. */
import { z } from "zod";

export const EVENT_TYPES = [
  "exploration.created",
  "exploration.status",
  "exploration.selected",
  "exploration.test_revealed",
  "node.created",
  "node.status",
  "node.result",
  "node.edited",
  "node.pruned",
  "node.unpruned",
  "insight.created",
  "budget.spent",
  "exploration.budget",
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** A persisted event as clients see it. */
export interface ExplorationEvent {
  explorationId: string;
  seq: number;
  type: EventType;
  nodeId: string | null;
  payload: Record<string, unknown>;
  createdAt: string;
}

/** Live training progress: transient (the job's events.jsonl keeps the full record). */
export interface NodeProgress {
  explorationId: string;
  nodeId: string;
  step: number;
  totalSteps: number;
  loss: number | null;
  lr: number;
  progress: number;
  t: number;
}

export const joinPayloadSchema = z.object({
  explorationId: z.string().min(1).max(100),
  /** the last event seq the client has; the server replays everything after it */
  afterSeq: z.number().int().min(0).default(0),
});
export type JoinPayload = z.input<typeof joinPayloadSchema>;

export interface ServerToClientEvents {
  event: (e: ExplorationEvent) => void;
  progress: (p: NodeProgress) => void;
  joined: (info: { explorationId: string; replayed: number }) => void;
  error: (message: string) => void;
}

export interface ClientToServerEvents {
  join: (payload: JoinPayload) => void;
  leave: (payload: { explorationId: string }) => void;
}

export function roomOf(explorationId: string): string {
  return `exploration:${explorationId}`;
}
