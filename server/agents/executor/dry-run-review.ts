/** Plan review from a recipe's dry-run: a recipe that leaves no rows, or trains on test inputs, is refused. Pure. */
import type { DryRunReport } from "../../contract/dry-run.ts";
import type { FailureKind, JobResult } from "../../contract/job-protocol.ts";

const isCodeFailure = (kind: FailureKind | undefined) => kind === "code_refused" || kind === "code_failed";

export function dryRunOf(key: string, result: JobResult): DryRunReport {
  return {
    key,
    rows: result.dryRun?.rows ?? 0,
    testOverlap: result.dryRun?.testOverlap ?? 0,
    testRows: result.dryRun?.testRows ?? 0,
    seconds: result.dryRun?.seconds ?? result.cost.wallSeconds,
    steps: result.recipeReport,
    ...(result.status !== "succeeded" ? { error: result.error ?? `the dry-run ${result.status}` } : {}),
    ...(result.status !== "succeeded" && result.failureKind ? { failureKind: result.failureKind } : {}),
  };
}

/** Why the dry-run refuses the plan, or null. */
export function dryRunRefusal(d: DryRunReport): string | null {
  // a code step the sandbox stopped or that failed would do the same in the job: no job is spent to learn it
  if (d.error && isCodeFailure(d.failureKind)) return `the dry-run stopped its code step: ${d.error}`;
  if (d.error) return null; // a broken recipe fails in the job with its reason; a missing worker blocks nothing
  if (d.rows === 0) {
    const emptied = d.steps.find((s, i) => s.rowsOut === 0 && (i === 0 || s.rowsIn > 0));
    return `the dry-run left no training rows${emptied ? ` (after ${emptied.op})` : ""}`;
  }
  if (d.testOverlap > 0)
    return `the dry-run found ${d.testOverlap} training input(s) that are test inputs: the recipe leaks the test split into training`;
  return null;
}
