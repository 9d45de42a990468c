/** Which proposals a human must approve before compute is spent. Pure. */
import type { ApprovalMode } from "./exploration-input.ts";

export interface CostEstimate {
  /** expected compute-seconds of the run */
  seconds: number;
  /** compute-seconds left in the budget */
  remaining: number;
}

/** In review-over-cost mode, a plan needs review when it would take more than this share of what is left. */
export const OVER_COST_SHARE = 0.25;

export function needsReview(mode: ApprovalMode, cost: CostEstimate): boolean {
  switch (mode) {
    case "auto":
      return false;
    case "review-each-expansion":
      return true;
    case "review-over-cost":
      return cost.seconds > OVER_COST_SHARE * Math.max(0, cost.remaining);
  }
}

/**
 * Seconds per training step observed so far (compute over steps of trained, non-reused nodes);
 * `fallback` before anything has trained.
 */
export function secondsPerStep(
  history: readonly { steps: number; computeSeconds: number; reused: boolean }[],
  fallback = 0.1,
): number {
  let steps = 0;
  let seconds = 0;
  for (const h of history) {
    if (h.reused || h.steps <= 0 || h.computeSeconds <= 0) continue;
    steps += h.steps;
    seconds += h.computeSeconds;
  }
  return steps > 0 ? seconds / steps : fallback;
}
