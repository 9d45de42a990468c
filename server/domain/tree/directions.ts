/** The kinds of change a child node makes to its parent (its `direction`). Pure. */
export const DIRECTIONS = [
  "baseline",
  "tune_hyperparameters",
  "add_data",
  "clean_data",
  "change_method",
  "change_base",
  "manual",
] as const;
export type Direction = (typeof DIRECTIONS)[number];
