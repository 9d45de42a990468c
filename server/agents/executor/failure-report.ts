/**
 * What a failed node's run says about why it failed: the worker's failureKind when it gave one, else read off
 * the error (a runner's own ending: Slurm's time limit or memory kill, a lost worker). Pure.
 */
import type { FailureKind } from "../../contract/job-protocol.ts";

export interface FailureReport {
  kind: FailureKind;
  error: string;
  /** the field names a data file's rows had, when a load found no usable pair */
  fieldsSeen: string[];
  /** the operator that left no rows, with its index in the recipe, when the recipe emptied */
  emptiedAt: { index: number; op: string } | null;
}

const BY_TEXT: [RegExp, FailureKind][] = [
  [/out of memory|OUT_OF_MEMORY|can't allocate memory|MemoryError/i, "out_of_memory"],
  [/\bNaN\b|loss diverged/i, "nan_loss"],
  [/time limit|TIMEOUT|maxSeconds/i, "time_limit"],
  [/left no training rows/i, "empty_recipe"],
  [/no row has a usable/i, "missing_field"],
  [/recipe\.operators|recipe operator|data recipe/i, "broken_recipe"],
];

export function classifyFailure(facts: {
  error: string | null;
  failureKind?: FailureKind | null;
  fieldsSeen?: readonly string[];
  recipeReport?: readonly { op: string; rowsIn: number; rowsOut: number }[];
}): FailureReport {
  const error = facts.error ?? "";
  const kind = facts.failureKind ?? BY_TEXT.find(([rx]) => rx.test(error))?.[1] ?? "other";
  const steps = facts.recipeReport ?? [];
  const index = steps.findIndex((s, i) => s.rowsOut === 0 && (i === 0 || s.rowsIn > 0));
  return {
    kind,
    error,
    fieldsSeen: [...(facts.fieldsSeen ?? [])],
    emptiedAt: index >= 0 ? { index, op: steps[index]?.op ?? "" } : null,
  };
}
