/** What an insight establishes, as the planner reads it and the insight table stores it. Pure. */
export const INSIGHT_KINDS = ["effect", "confounded", "failure", "progress", "stalled", "note"] as const;
export type InsightKind = (typeof INSIGHT_KINDS)[number];

/** What the planner reads of an insight (insights.ts writes them). */
export interface InsightEvidence {
  kind: InsightKind;
  /** the change (effect, failure) or the changes made together (confounded); empty for the others */
  features: string[];
  /** mean validation difference, treated − control, over the comparisons; null when not an effect */
  effect: number | null;
  /** matched comparisons behind the effect; for a failure, the runs that failed */
  comparisons: number;
}
