/** The budgets a goal states, applied to the exploration's budget fields. Pure: the form and the server use it. */
import { budgetSchema, type Budget } from "./exploration-input.ts";
import type { StatedBudget } from "../requirements/requirement-spec.ts";

/**
 * Each stated budget the schema accepts replaces its field; impossible ones (they are the analysis's problems)
 * are left out. A compute budget longer than the default wall time raises the wall time with it, so that
 * "8 GPU-hours" is not cut short by a one-hour clock the goal never asked for.
 */
export function budgetWithGoal(
  base: Budget,
  stated: readonly StatedBudget[],
): { budget: Budget; applied: StatedBudget[] } {
  const budget: Budget = { ...base };
  const applied: StatedBudget[] = [];
  for (const s of stated) {
    if (!budgetSchema.shape[s.field].safeParse(s.value).success) continue;
    budget[s.field] = s.value;
    applied.push(s);
  }
  const wallMax = 30 * 24 * 3600;
  if (
    applied.some((s) => s.field === "computeSeconds") &&
    !applied.some((s) => s.field === "wallSeconds") &&
    budget.wallSeconds < budget.computeSeconds
  ) {
    budget.wallSeconds = Math.min(wallMax, budget.computeSeconds);
  }
  return { budget, applied };
}
