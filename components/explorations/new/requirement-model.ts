/**
 * The new-exploration form's view of the analysed requirement: whether an analysis still matches the form,
 * the constraint fields it starts from, the task the goal points at when the picker disagrees, and how the goal's
 * budgets and size cap read. Pure.
 */
import type { ConstraintEdits, RequirementSpec, StatedBudget } from "@/server/domain/requirements/requirement-spec";
import { formatParameters, formatSeconds, parametersOf } from "@/server/domain/requirements/units";

export interface AnalysisArgs {
  goal: string;
  taskId?: string;
  datasetId?: string;
  workspaceId?: string;
  baseModel?: string;
}

/** An analysis answers the form only while the goal, the data and the base model are the ones it read. */
export function analysisMatches(read: AnalysisArgs | undefined, now: AnalysisArgs): boolean {
  return (
    read !== undefined &&
    read.goal === now.goal &&
    read.taskId === now.taskId &&
    read.datasetId === now.datasetId &&
    read.baseModel === now.baseModel
  );
}

/** The constraint fields as the analysis read them (the user edits from there). */
export function editsOf(spec: RequirementSpec): ConstraintEdits {
  const c = spec.constraints;
  return {
    method: c.method,
    maxParameters: c.maxParameters,
    maxTrainingSamples: c.maxTrainingSamples,
    perRunSeconds: c.perRunSeconds,
    noTestSplit: c.noTestSplit,
    outputFormat: c.outputFormat,
  };
}

/** What the form switches to when the user takes the goal's task; null when the goal agrees with the picker. */
export function offeredSource(
  spec: RequirementSpec,
): { source: "task"; taskId: string; name: string } | { source: "dataset"; datasetId: string; name: string } | null {
  const g = spec.goalTask;
  if (!g || g.id === spec.taskId) return null;
  return g.id.startsWith("dataset:")
    ? { source: "dataset", datasetId: g.id.slice("dataset:".length), name: g.name }
    : { source: "task", taskId: g.id, name: g.name };
}

const FIELD_LABELS: Record<StatedBudget["field"], string> = {
  rounds: "Rounds",
  trainingRuns: "Training runs",
  computeSeconds: "Compute",
  wallSeconds: "Wall time",
  tokens: "LLM tokens",
};

/** "8 GPU-hours → Compute 28,800 s (8 h)" */
export function describeStatedBudget(b: StatedBudget): string {
  const value =
    b.field === "computeSeconds" || b.field === "wallSeconds"
      ? `${b.value.toLocaleString("en")} s (${formatSeconds(b.value)})`
      : b.value.toLocaleString("en");
  return `"${b.written}" → ${FIELD_LABELS[b.field]} ${value}`;
}

/** The size-cap field's text ("1B", "500M", "" for none) and back; null when it cannot be read. */
export function capText(n: number | null | undefined): string {
  return n ? formatParameters(n) : "";
}
export function parseCap(text: string): { ok: true; value: number | null } | { ok: false; message: string } {
  const t = text.trim();
  if (t === "") return { ok: true, value: null };
  const n = parametersOf(/^\d+(\.\d+)?$/.test(t) ? `${t}B` : t);
  return n && n > 0 ? { ok: true, value: n } : { ok: false, message: 'write a size like "1B", "500M" or "1.5B"' };
}
