/**
 * What makes an uploaded dataset usable: the zod owner of its name/metric/labels, the limits, and the checks
 * over its parsed splits. Pure: the browser form shows the same field errors the server returns.
 */
import { z } from "zod";
import { TASK_FILE_METRICS, type TaskFileMetric } from "../../contract/task-names.ts";
import {
  SPLITS,
  type DatasetFormat,
  type Pair,
  type ParsedSplit,
  type SkippedLine,
  type Split,
} from "./dataset-file.ts";
import { refuseHiddenCharacters } from "../../contract/hidden-characters.ts";

export const DATASET_METRICS = TASK_FILE_METRICS;
export type DatasetMetric = TaskFileMetric;

/** the metric as the requirement analysis and the plan preview name it */
export const METRIC_NAMES: Record<DatasetMetric, string> = {
  accuracy: "accuracy",
  exact_match: "exact match",
  macro_f1: "macro-F1",
  rouge1: "ROUGE-1",
  numeric: "numeric accuracy within tolerance",
};

export const METRIC_HELP: Record<DatasetMetric, string> = {
  accuracy: "accuracy: the answer equals the reference (classes, letters)",
  exact_match: "exact match of the whole answer (JSON, sequences)",
  macro_f1: "macro-F1 over labels: several comma-separated labels per answer",
  rouge1: "ROUGE-1 F: free-form text",
  numeric: "numbers, right within a tolerance",
};

export const MAX_DATASET_BYTES = 50 * 1024 * 1024;
export const MIN_TRAIN_ROWS = 10;
/** without validation and test files the worker carves 10% + 10% of train out, by distinct input */
export const MIN_TRAIN_INPUTS_TO_CARVE = 20;
const MAX_LABELS = 50;
const SAMPLE_ROWS = 5;
const SAMPLE_CHARS = 300;

export const datasetMetaSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, "Name the dataset")
    .max(100, "At most 100 characters")
    .regex(/^[^\r\n\t]*$/, "One line, no tabs")
    .refine(...refuseHiddenCharacters("A dataset name")),
  metric: z.enum(DATASET_METRICS, { message: "Choose how answers are scored" }),
  /** the valid answers; empty = inferred from the data when there are at most 50 */
  labels: z
    .array(z.string().trim().min(1, "Empty label").max(200, "A label is at most 200 characters"))
    .max(1000, "At most 1000 labels")
    .default([]),
});
export type DatasetMeta = z.output<typeof datasetMetaSchema>;

/** "a, b,c" → ["a", "b", "c"] (the form's labels box) */
export function labelsFromText(text: string): string[] {
  return text
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export interface DatasetFileSummary {
  split: Split;
  fileName: string;
  format: DatasetFormat;
  bytes: number;
  rows: number;
  skippedCount: number;
  skipped: SkippedLine[];
  fields: string | null;
  columns: string[];
}

export interface DatasetSummary {
  files: DatasetFileSummary[];
  /** usable rows per split that has a file */
  rows: Partial<Record<Split, number>>;
  /** splits the worker carves out of train (no file for them) */
  carved: Split[];
  distinctOutputs: number;
  /** the classes when the answers look like classes (≤ 50 distinct), else null */
  inferredLabels: string[] | null;
  suggestedMetric: DatasetMetric;
  samples: Pair[];
  warnings: string[];
}

export interface SplitUpload {
  split: Split;
  fileName: string;
  bytes: number;
  parsed: ParsedSplit;
}

export type FieldErrors = Record<string, string>;

const isNumber = (s: string) => /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*%?\s*$/.test(s);
const labelUnits = (output: string, metric: DatasetMetric): string[] =>
  metric === "macro_f1"
    ? output
        .split(",")
        .map((s) => s.trim())
        .filter((s) => s && s.toLowerCase() !== "none")
    : [output.trim()];

/** per parsed file, computed once: the form re-checks on every keystroke in the labels, with up to ~400k rows */
interface SplitFacts {
  inputs: Set<string>;
  /** distinct answers, trimmed */
  outputs: Set<string>;
}
const factsCache = new WeakMap<ParsedSplit, SplitFacts>();
function factsOf(p: ParsedSplit): SplitFacts {
  let f = factsCache.get(p);
  if (!f) {
    f = { inputs: new Set(p.pairs.map((x) => x.input)), outputs: new Set(p.pairs.map((x) => x.output.trim())) };
    factsCache.set(p, f);
  }
  return f;
}

function suggestMetric(distinct: ReadonlySet<string>): DatasetMetric {
  const outputs = [...distinct];
  if (outputs.length > 0 && outputs.every(isNumber)) return "numeric";
  if (distinct.size <= MAX_LABELS) return outputs.some((o) => o.includes(",")) ? "macro_f1" : "accuracy";
  const meanWords = outputs.reduce((n, o) => n + o.split(/\s+/).length, 0) / Math.max(1, outputs.length);
  return meanWords > 4 ? "rouge1" : "exact_match";
}

const clip = (s: string) => (s.length > SAMPLE_CHARS ? `${s.slice(0, SAMPLE_CHARS)}…` : s);

/**
 * Checks the splits against the metric and labels. `errors` are keyed by form field (`files.train`, `metric`,
 * `labels`) and block the upload; `summary.warnings` are shown and do not.
 */
export function checkDataset(
  uploads: readonly SplitUpload[],
  meta: Pick<DatasetMeta, "metric" | "labels">,
): { summary: DatasetSummary; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const warnings: string[] = [];
  const bySplit = new Map(uploads.map((u) => [u.split, u]));
  const train = bySplit.get("train");
  const totalBytes = uploads.reduce((n, u) => n + u.bytes, 0);
  if (totalBytes > MAX_DATASET_BYTES)
    errors.files = `The files add up to ${(totalBytes / 1048576).toFixed(1)} MiB; the limit is ${MAX_DATASET_BYTES / 1048576} MiB`;
  for (const u of uploads) {
    const { pairs, skippedCount, skipped } = u.parsed;
    if (pairs.length === 0) {
      const first = skipped[0];
      errors[`files.${u.split}`] =
        `${u.fileName}: no usable rows${first ? ` (line ${first.line}: ${first.reason})` : " (the file is empty)"}. Rows need input/output (or prompt/completion, question/answer, text/label).`;
    } else if (skippedCount > 0) {
      warnings.push(
        `${u.fileName}: ${skippedCount} of ${pairs.length + skippedCount} lines have no usable pair and are skipped (first: line ${skipped[0]?.line}, ${skipped[0]?.reason})`,
      );
    }
  }
  if (!train) errors["files.train"] = "Add a training file (.jsonl or .csv)";
  else if (!errors["files.train"] && train.parsed.pairs.length < MIN_TRAIN_ROWS)
    errors["files.train"] =
      `${train.fileName}: ${train.parsed.pairs.length} usable rows; at least ${MIN_TRAIN_ROWS} are needed`;
  const carved = SPLITS.filter((s) => s !== "train" && !bySplit.has(s));
  const trainInputs = train ? factsOf(train.parsed).inputs : new Set<string>();
  if (train && !errors["files.train"] && carved.length > 0) {
    const needed = carved.length === 2 ? MIN_TRAIN_INPUTS_TO_CARVE : MIN_TRAIN_ROWS;
    if (trainInputs.size < needed)
      errors["files.train"] =
        `${train.fileName} has ${trainInputs.size} distinct inputs: too few to carve ${carved.join(" and ")} out of it (need ${needed}); add ${carved.join(" and ")} files`;
  }
  for (const s of ["validation", "test"] as const) {
    const u = bySplit.get(s);
    if (!u || trainInputs.size === 0) continue;
    const overlap = u.parsed.pairs.filter((p) => trainInputs.has(p.input)).length;
    if (overlap > 0)
      warnings.push(
        `${overlap} of ${u.parsed.pairs.length} ${s} rows have an input that is also in train: scores on ${s} will be optimistic`,
      );
  }

  const distinctOutputs = new Set(uploads.flatMap((u) => [...factsOf(u.parsed).outputs]));
  const outputs = [...distinctOutputs];
  const units = new Set(outputs.flatMap((o) => labelUnits(o, meta.metric)));
  const inferredLabels =
    meta.metric !== "rouge1" && meta.metric !== "numeric" && units.size > 0 && units.size <= MAX_LABELS
      ? [...units].sort()
      : null;
  if (meta.metric === "numeric" && outputs.length > 0) {
    const bad = outputs.find((o) => !isNumber(o));
    if (bad !== undefined)
      errors.metric = `"numeric" scores numbers, but an answer is ${JSON.stringify(clip(bad).slice(0, 60))}; choose another metric`;
  }
  if (meta.labels.length > 0) {
    if (meta.metric === "rouge1" || meta.metric === "numeric")
      errors.labels = `Labels apply to accuracy, exact match and macro-F1, not ${meta.metric}`;
    else if (meta.metric === "macro_f1" && meta.labels.some((l) => l.includes(",")))
      errors.labels = "With macro-F1 a label cannot contain a comma (answers are comma-separated labels)";
    else {
      const allowed = new Set(meta.labels);
      const unknown = [...units].filter((u) => !allowed.has(u));
      if (unknown.length > 0)
        errors.labels = `The data has answers that are not in the labels: ${unknown
          .slice(0, 5)
          .map((u) => JSON.stringify(clip(u).slice(0, 40)))
          .join(", ")}${unknown.length > 5 ? ` and ${unknown.length - 5} more` : ""}`;
    }
  }

  const summary: DatasetSummary = {
    files: uploads.map((u) => ({
      split: u.split,
      fileName: u.fileName,
      format: u.parsed.format,
      bytes: u.bytes,
      rows: u.parsed.pairs.length,
      skippedCount: u.parsed.skippedCount,
      skipped: u.parsed.skipped,
      fields: u.parsed.fields,
      columns: u.parsed.columns.slice(0, 20),
    })),
    rows: Object.fromEntries(uploads.map((u) => [u.split, u.parsed.pairs.length])),
    carved,
    distinctOutputs: distinctOutputs.size,
    inferredLabels,
    suggestedMetric: suggestMetric(distinctOutputs),
    samples: (train?.parsed.pairs ?? [])
      .slice(0, SAMPLE_ROWS)
      .map((p) => ({ input: clip(p.input), output: clip(p.output) })),
    warnings,
  };
  return { summary, errors };
}

/** A dataset's planner-facing kind, from how its answers are scored. */
export function taskKindOfMetric(
  metric: string,
  hasLabels: boolean,
): "classification" | "multilabel" | "generation" | "structured" | "numeric" {
  if (metric === "macro_f1") return "multilabel";
  if (metric === "numeric") return "numeric";
  if (metric === "rouge1") return "generation";
  if (metric === "accuracy") return "classification";
  return hasLabels ? "classification" : "structured";
}

export const DATASET_TASK_PREFIX = "dataset:";
export const datasetTaskId = (datasetId: string) => `${DATASET_TASK_PREFIX}${datasetId}`;
