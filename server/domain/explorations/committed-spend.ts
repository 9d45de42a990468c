/**
 * What an exploration has spent plus what its open nodes (planned, queued, running) are still expected to spend.
 * A plan made while jobs run is budgeted against this, so plans made ahead never add up past the budget. Pure.
 */
import { isDispatchedNode, isEditableNode } from "../../contract/statuses.ts";
import type { Spent } from "./budget.ts";

export interface OpenNode<C> {
  status: string;
  config: C & { steps: number };
  computeSeconds: number;
}

/**
 * `estimate` gives a run's expected compute-seconds; a running node has spent part of it already (its
 * computeSeconds, counted in `spent`). A planned node that trains counts as a training run now; a dispatched one
 * is counted in `spent` already.
 */
export function committedSpent<C>(
  spent: Spent,
  open: readonly OpenNode<C>[],
  estimate: (config: C & { steps: number }) => number,
): Spent {
  let trainingRuns = spent.trainingRuns;
  let computeSeconds = spent.computeSeconds;
  for (const n of open) {
    const planned = isEditableNode(n.status);
    if (!planned && !isDispatchedNode(n.status)) continue;
    if (planned && n.config.steps > 0) trainingRuns++;
    computeSeconds += Math.max(0, estimate(n.config) - n.computeSeconds);
  }
  return { ...spent, trainingRuns, computeSeconds };
}
