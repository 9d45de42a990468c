/** A recipe's dry-run as it is stored on a node: rows per operator, rows left, test inputs among them. */
export interface DryRunReport {
  /** what was dry-run (task, seed, dataset and recipe): a changed recipe is dry-run again */
  key: string;
  rows: number;
  testOverlap: number;
  testRows: number;
  seconds: number;
  steps: { op: string; rowsIn: number; rowsOut: number; samples?: { input: string; output: string }[] }[];
  /** the dry-run could not run (no worker here, a broken recipe): the reason */
  error?: string;
}
