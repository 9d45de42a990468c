/**
 * How many planned nodes should wait for a slot so that slots never wait for the Researcher: one per slot, plus
 * the slots expected to free while one planning call runs (its last duration over a typical job's). Pure.
 */
export const MAX_LOOKAHEAD_PER_SLOT = 4;
/** Before any job has finished, a planning call this long or longer counts as taking one job's time. */
export const SLOW_PLAN_SECONDS = 5;

export function plansToKeepReady(p: {
  concurrency: number;
  /** how long the last planning call took (0 before any) */
  planSeconds: number;
  /** a typical job's duration; null before any finished */
  jobSeconds: number | null;
}): number {
  const slots = Math.max(1, p.concurrency);
  if (p.planSeconds <= 0) return slots;
  const freedPerSlot =
    p.jobSeconds && p.jobSeconds > 0
      ? Math.round(p.planSeconds / p.jobSeconds)
      : Number(p.planSeconds >= SLOW_PLAN_SECONDS);
  return slots * Math.min(MAX_LOOKAHEAD_PER_SLOT, 1 + freedPerSlot);
}
