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

/** Planned and not dispatched yet: the plan may still be edited; stopping the exploration prunes it. */
export const EDITABLE_NODE_STATUSES: readonly NodeStatus[] = ["proposed", "awaiting_review", "approved"];
/** On a runner: stopping the exploration cancels it; its live progress is worth polling. */
export const DISPATCHED_NODE_STATUSES: readonly NodeStatus[] = ["queued", "running"];
/** Sent to a runner at some point (what the training-run budget counts). */
export const EVER_DISPATCHED_NODE_STATUSES: readonly NodeStatus[] = [
  "queued",
  "running",
  "succeeded",
  "failed",
  "cancelled",
];
/** How a job's run ends, as the worker's result and a node's final status say it. */
export const RUN_OUTCOMES = ["succeeded", "failed", "cancelled"] as const;

const within =
  <S extends string>(set: readonly S[]) =>
  (status: string): status is S =>
    (set as readonly string[]).includes(status);
export const isEditableNode = within(EDITABLE_NODE_STATUSES);
export const isDispatchedNode = within(DISPATCHED_NODE_STATUSES);
export const isRunOutcome = within(RUN_OUTCOMES);
export const wasDispatched = within(EVER_DISPATCHED_NODE_STATUSES);

/** Nodes that still hold a place in the current round: the loop waits for them. */
export const ACTIVE_NODE_STATUSES: readonly NodeStatus[] = [
  "proposed",
  "awaiting_review",
  "approved",
  "queued",
  "running",
];

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

/** The loop still follows it: running, or paused (its jobs still finish); it may still change. */
export const LIVE_EXPLORATION_STATUSES: readonly ExplorationStatus[] = ["running", "paused"];
/** Ended for good: test scores open, nothing more runs. */
export const ENDED_EXPLORATION_STATUSES: readonly ExplorationStatus[] = ["finished", "stopped", "failed"];
export const isLiveExploration = within(LIVE_EXPLORATION_STATUSES);
export const isEndedExploration = within(ENDED_EXPLORATION_STATUSES);

export function isExplorationStatus(value: string): value is ExplorationStatus {
  return (EXPLORATION_STATUSES as readonly string[]).includes(value);
}

export const JOB_STATUSES = ["submitted", "running", "succeeded", "failed", "cancelled", "lost"] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
export const ACTIVE_JOB_STATUSES: readonly JobStatus[] = ["submitted", "running"];

/** A playground generation job (the Generation table): asked, then answered or not. */
export const GENERATION_STATUSES = ["running", "succeeded", "failed"] as const;
export type GenerationStatus = (typeof GENERATION_STATUSES)[number];
