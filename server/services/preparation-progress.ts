/** Work a job does before training (a CPU preset's first build, minutes) as live progress for its card. Pure. */
import type { NodeProgress } from "../contract/event-types.ts";
import type { WorkerEvent } from "../contract/job-protocol.ts";

/** The latest preparation step among a batch of worker events, unless training has begun in the same batch. */
export function preparationProgress(
  explorationId: string,
  nodeId: string,
  events: readonly WorkerEvent[],
): NodeProgress | null {
  if (events.some((e) => e.type === "progress")) return null;
  const last = events.findLast((e) => e.type === "prepare");
  if (!last || last.type !== "prepare") return null;
  return {
    explorationId,
    nodeId,
    step: last.step,
    totalSteps: last.totalSteps,
    loss: null,
    lr: 0,
    progress: last.totalSteps > 0 ? Math.min(1, last.step / last.totalSteps) : 0,
    t: last.t,
    phase: last.what,
  };
}
