/** Every status and every allowed transition, in one place. */

export const NODE_STATUSES = [
  "proposed",
  "awaiting_review",
  "approved",
  "pruned",
  "queued",
  "running",
  "succeeded",
  "failed",
  "cancelled",
] as const;
export type NodeStatus = (typeof NODE_STATUSES)[number];

const nodeTransitions: Record<NodeStatus, readonly NodeStatus[]> = {
  proposed: ["awaiting_review", "approved", "pruned"],
  awaiting_review: ["approved", "pruned"],
  // approved -> succeeded: an identical earlier plan is reused instead of training again
  approved: ["queued", "pruned", "succeeded", "failed", "cancelled"],
  pruned: [],
  queued: ["running", "succeeded", "failed", "cancelled"],
  running: ["succeeded", "failed", "cancelled"],
  // a reviewer may prune an evaluated branch: it leaves the search
  succeeded: ["pruned"],
  // retry, or prune
  failed: ["approved", "pruned"],
  cancelled: ["approved", "pruned"],
};

export function canTransitionNode(from: NodeStatus, to: NodeStatus): boolean {
  return nodeTransitions[from].includes(to);
}

/**
 * The one way out of "pruned": a reviewer undoes the prune and each node goes back to the status the prune
 * found it in (never running: a prune that stopped a job cannot be undone, see domain/tree/prune-record.ts).
 */
export const PRUNE_RESTORABLE_STATUSES: readonly NodeStatus[] = [
  "proposed",
  "awaiting_review",
  "approved",
  "succeeded",
  "failed",
  "cancelled",
];

/** Before it runs, a node's plan may still be edited. */
export const EDITABLE_NODE_STATUSES: readonly NodeStatus[] = ["proposed", "awaiting_review", "approved"];

export function isNodeStatus(value: string): value is NodeStatus {
  return (NODE_STATUSES as readonly string[]).includes(value);
}

/** Nodes that still hold a place in the current round: the loop waits for them. */
export const ACTIVE_NODE_STATUSES: readonly NodeStatus[] = [
  "proposed",
  "awaiting_review",
  "approved",
  "queued",
  "running",
];
export const FINISHED_NODE_STATUSES: readonly NodeStatus[] = ["succeeded", "failed", "cancelled", "pruned"];

export const EXPLORATION_STATUSES = ["running", "paused", "stopped", "finished", "failed"] as const;
export type ExplorationStatus = (typeof EXPLORATION_STATUSES)[number];

const explorationTransitions: Record<ExplorationStatus, readonly ExplorationStatus[]> = {
  running: ["paused", "stopped", "finished", "failed"],
  paused: ["running", "stopped"],
  stopped: [],
  finished: [],
  failed: [],
};

export function canTransitionExploration(from: ExplorationStatus, to: ExplorationStatus): boolean {
  return explorationTransitions[from].includes(to);
}

export function isExplorationStatus(value: string): value is ExplorationStatus {
  return (EXPLORATION_STATUSES as readonly string[]).includes(value);
}

export const JOB_STATUSES = ["submitted", "running", "succeeded", "failed", "cancelled", "lost"] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
export const ACTIVE_JOB_STATUSES: readonly JobStatus[] = ["submitted", "running"];

/** A playground generation job (the Generation table): asked, then answered or not. */
export const GENERATION_STATUSES = ["running", "succeeded", "failed"] as const;
export type GenerationStatus = (typeof GENERATION_STATUSES)[number];
