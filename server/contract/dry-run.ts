import type { FailureKind } from "./job-protocol.ts";

/** A recipe's dry-run as it is stored on a node: rows per operator, rows left, test inputs among them. */
export interface DryRunReport {
  /** what was dry-run (task, seed, dataset and recipe): a changed recipe is dry-run again */
  key: string;
  rows: number;
  testOverlap: number;
  testRows: number;
  seconds: number;
  steps: { op: string; rowsIn: number; rowsOut: number; samples?: { input: string; output: string }[] }[];
  /** the dry-run could not run (no worker here, a broken recipe, a code step that failed or was refused): the reason */
  error?: string;
  /** the worker's class of that failure */
  failureKind?: FailureKind;
}
