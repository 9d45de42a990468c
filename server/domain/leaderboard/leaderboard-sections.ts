/**
 * The leaderboard as sections: the paper's ten tasks on their official data, each with the paper's reported score as
 * a reference row; the paper's tasks on modified data, ranked apart; FT-Bench-mini on its own. Entries compare only at
 * the same base model and evaluation, so a group says when its entries differ in either. Pure: no I/O, no hashing.
 */
import {
  findFtBenchTask,
  FTBENCH_TASKS,
  ftbenchTaskId,
  PAPER_REFERENCE,
  paperFraction,
  paperMetricDiffers,
} from "../tasks/ftbench-tasks.ts";
import { findTask, MINI_TASKS } from "../tasks/task-registry.ts";
import { describeEvaluation, sameEvaluation, type EvaluationSettings } from "../tasks/evaluation-settings.ts";

export interface RankedLine {
  taskId: string;
  baseModel: string;
  dataStatus: string;
  evaluation: EvaluationSettings | null;
  testScore: number | null;
  gain: number;
}

export interface ReferenceRow {
  taskId: string;
  /** the paper's score as a fraction (97.2 → 0.972) */
  score: number;
  /** as the paper states it, on its 0–100 scale, with its metric */
  reported: string;
  /** the untouched base model's score; null: not reported in the sources we have */
  baseline: number | null;
  baseModel: string;
  source: string;
  /** when TREX scores the task with another metric than the paper */
  note: string | null;
}

export interface TaskGroup<E> {
  taskId: string;
  name: string;
  metric: string;
  reference: ReferenceRow | null;
  /** each entry with its distance to the reference row (its test score minus the paper's) */
  entries: (E & { toReference: number | null })[];
  /** sentences about entries that cannot be compared like for like */
  notes: string[];
}

export interface LeaderboardSections<E> {
  official: TaskGroup<E>[];
  modified: TaskGroup<E>[];
  mini: TaskGroup<E>[];
  baseModels: string[];
}

export function referenceRowOf(taskId: string): ReferenceRow | null {
  const t = findFtBenchTask(taskId);
  if (!t) return null;
  return {
    taskId: ftbenchTaskId(t),
    score: paperFraction(t.paperBest),
    reported: `${t.paperBest} ${t.metric}`,
    baseline: t.paperBaseline === undefined ? null : paperFraction(t.paperBaseline),
    baseModel: PAPER_REFERENCE.baseModel,
    source: PAPER_REFERENCE.source,
    note: paperMetricDiffers(t)
      ? `TREX scores ${t.name} with ${t.scoredAs}, the paper with ${t.metric}: the distance is not like for like`
      : null,
  };
}

function notesOf(entries: readonly RankedLine[]): string[] {
  const notes: string[] = [];
  const models = [...new Set(entries.map((e) => e.baseModel))];
  if (models.length > 1)
    notes.push(`${models.length} base models (${models.join(", ")}): compare entries of the same base model`);
  const evaluations: EvaluationSettings[] = [];
  for (const e of entries)
    if (e.evaluation && !evaluations.some((x) => sameEvaluation(x, e.evaluation as EvaluationSettings)))
      evaluations.push(e.evaluation);
  if (evaluations.length > 1)
    notes.push(`evaluation settings differ: ${evaluations.map(describeEvaluation).join(" · ")}`);
  return notes;
}

function group<E extends RankedLine>(taskId: string, entries: readonly E[], withReference: boolean): TaskGroup<E> {
  const paper = findFtBenchTask(taskId);
  const mini = findTask(taskId);
  const reference = withReference ? referenceRowOf(taskId) : null;
  const sorted = [...entries].sort((a, b) => b.gain - a.gain);
  return {
    taskId,
    name: paper?.name ?? mini?.name ?? taskId,
    metric: paper ? `${paper.metric} (scored as ${paper.scoredAs})` : (mini?.metric ?? ""),
    reference,
    entries: sorted.map((e) => ({
      ...e,
      toReference: reference && e.testScore !== null ? e.testScore - reference.score : null,
    })),
    notes: notesOf(sorted),
  };
}

/** `baseModel`: keep only that base model's entries (reference rows stay: they name their own). */
export function leaderboardSections<E extends RankedLine>(
  lines: readonly E[],
  opts: { baseModel?: string; taskId?: string } = {},
): LeaderboardSections<E> {
  const baseModels = [...new Set(lines.map((l) => l.baseModel))].sort();
  const kept = lines.filter(
    (l) => (!opts.baseModel || l.baseModel === opts.baseModel) && (!opts.taskId || l.taskId === opts.taskId),
  );
  const of = (taskId: string, status: string) => kept.filter((l) => l.taskId === taskId && l.dataStatus === status);
  const wanted = (taskId: string) => !opts.taskId || opts.taskId === taskId;
  const paperIds = FTBENCH_TASKS.map(ftbenchTaskId).filter(wanted);
  return {
    official: paperIds.map((id) => group(id, of(id, "official"), true)),
    modified: paperIds.filter((id) => of(id, "modified").length > 0).map((id) => group(id, of(id, "modified"), true)),
    mini: MINI_TASKS.map((t) => t.id)
      .filter((id) => wanted(id) && of(id, "mini").length > 0)
      .map((id) => group(id, of(id, "mini"), false)),
    baseModels,
  };
}
