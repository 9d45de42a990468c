/** The typed map of everything that travels to browsers over socket.io. Pure types and zod: clients import it. */
import { z } from "zod";
import { FAILURE_KINDS } from "./job-protocol.ts";
import { EXPLORATION_STATUSES, NODE_STATUSES } from "./statuses.ts";

const status = z.enum(NODE_STATUSES);
const explorationStatus = z.enum(EXPLORATION_STATUSES);

const prunedNodeSchema = z.object({
  id: z.string(),
  ordinal: z.number().int(),
  from: status,
  to: z.enum(["pruned", "cancelled"]),
});
/** A prune's one record: which node the reviewer pruned, why, and every node it changed (from what, to what). */
export const prunePayloadSchema = z.object({
  ordinal: z.number().int(),
  reason: z.string(),
  changed: z.array(prunedNodeSchema),
});

/** The failed node a repair repairs, what failed, what the repair changed, and who proposed it ("rules" or a model). */
export const repairOfSchema = z.object({
  nodeId: z.string(),
  ordinal: z.number().int(),
  failure: z.enum(FAILURE_KINDS),
  changes: z.array(z.string()),
  by: z.string(),
});
export type RepairOf = z.infer<typeof repairOfSchema>;

/** a budget's limits or what has been spent of them (every field: rows may predate a limit) */
const budgetNumbers = z
  .object({
    rounds: z.number(),
    trainingRuns: z.number(),
    computeSeconds: z.number(),
    wallSeconds: z.number(),
    tokens: z.number(),
  })
  .partial();

/**
 * One payload schema per event type: what its emitter writes (services type-check against the output types) and
 * what a reader gets back. Defaults stand for fields added after rows were first written, so old rows still read.
 */
export const eventPayloadSchemas = {
  "exploration.created": z.object({ title: z.string(), taskId: z.string() }),
  "exploration.status": z.object({ from: explorationStatus, to: explorationStatus, reason: z.string().nullable() }),
  "exploration.selected": z.object({ round: z.number().int(), reason: z.string(), diagnosis: z.string() }),
  "exploration.test_revealed": z.object({ at: z.string() }),
  /** the budget after a reviewer's change, and what had been spent then */
  "exploration.budget": z.object({ budget: budgetNumbers, spent: budgetNumbers }),
  "node.created": z.object({
    parentId: z.string().nullable(),
    ordinal: z.number().int(),
    round: z.number().int(),
    direction: z.string(),
    title: z.string(),
    /** a repair (services/repair-service.ts): the failed node it repairs and what it changed */
    repairOf: repairOfSchema.optional(),
  }),
  "node.status": z.object({
    from: status,
    to: status,
    /** why, when the transition has a reason */
    reason: z.string().optional(),
    score: z.number().nullable(),
    error: z.string().nullable(),
    reusedFromId: z.string().nullable(),
    progress: z.number(),
  }),
  /** validation metrics only: test scores never travel in events (domain/explorations/test-seal.ts) */
  "node.result": z.object({
    score: z.number().nullable(),
    metrics: z.object({ validation: z.record(z.string(), z.number()) }),
    computeSeconds: z.number(),
  }),
  "node.edited": z.object({
    before: z.object({ recipe: z.unknown(), config: z.unknown() }),
    after: z.object({ recipe: z.unknown(), config: z.unknown() }),
    title: z.string(),
  }),
  "node.pruned": prunePayloadSchema,
  "node.unpruned": z.object({ ordinal: z.number().int(), restored: z.number().int() }),
  "insight.created": z.object({
    id: z.string(),
    text: z.string(),
    kind: z.string().default("note"),
    effect: z.number().nullable().default(null),
    comparisons: z.number().default(0),
    supportingNodeIds: z.array(z.string()),
  }),
  /** no longer written; rows from before still read */
  "budget.spent": z.object({ reason: z.string().optional() }),
} as const;

export type EventType = keyof typeof eventPayloadSchemas;
export type EventPayloads = { [K in EventType]: z.output<(typeof eventPayloadSchemas)[K]> };
export type PrunePayload = EventPayloads["node.pruned"];

/** A persisted event as clients see it: the payload's shape follows from its type. */
export type ExplorationEvent = {
  [K in EventType]: {
    explorationId: string;
    seq: number;
    type: K;
    nodeId: string | null;
    payload: EventPayloads[K];
    createdAt: string;
  };
}[EventType];

export const isEventType = (type: string): type is EventType => Object.hasOwn(eventPayloadSchemas, type);

/**
 * An event as stored (any type string, any payload) read into the union: null when its type is unknown or its
 * payload does not fit the type's schema (a row no reader could use; it stays in the database).
 */
export function readEvent(raw: {
  explorationId: string;
  seq: number;
  type: string;
  nodeId: string | null;
  payload: unknown;
  createdAt: string;
}): ExplorationEvent | null {
  if (!isEventType(raw.type)) return null;
  const payload = eventPayloadSchemas[raw.type].safeParse(raw.payload);
  return payload.success ? ({ ...raw, type: raw.type, payload: payload.data } as ExplorationEvent) : null;
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
  /** set while the job prepares (a CPU preset's first build): what it is doing; the steps are that work's */
  phase?: string;
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
