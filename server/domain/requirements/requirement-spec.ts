/**
 * The structured requirement a goal is analysed into: the zod owner, shared by the offline rules, the model
 * analysis, the form's preview, `trex analyse` and the exploration that stores it. Pure (the form imports it).
 */
import { z } from "zod";
import type { TaskInfo } from "../tasks/task-registry.ts";

export const SPEC_TASK_TYPES = [
  "classification",
  "multilabel",
  "generation",
  "structured",
  "numeric",
  "qa",
  "unknown",
] as const;
export type SpecTaskType = (typeof SPEC_TASK_TYPES)[number];

/** any: the planner chooses; lora: parameter-efficient only (LoRA, QLoRA); full: full fine-tuning only; compare: both, side by side */
export const METHOD_CONSTRAINTS = ["any", "lora", "full", "compare"] as const;
export type MethodConstraint = (typeof METHOD_CONSTRAINTS)[number];

export const BUDGET_FIELDS = ["rounds", "trainingRuns", "computeSeconds", "wallSeconds", "tokens"] as const;
export type BudgetField = (typeof BUDGET_FIELDS)[number];

/** The units people write budgets in; each maps onto one budget field. */
export const BUDGET_UNITS = [
  "gpu-hours",
  "gpu-minutes",
  "gpu-days",
  "compute-seconds",
  "hours",
  "minutes",
  "days",
  "weeks",
  "seconds",
  "runs",
  "rounds",
  "tokens",
] as const;
export type BudgetUnit = (typeof BUDGET_UNITS)[number];

/** The hard constraints: the planner proposes only plans that meet them, and plan review refuses the others. */
export const hardConstraintsSchema = z.object({
  method: z.enum(METHOD_CONSTRAINTS).default("any"),
  /** the largest base model allowed, in parameters */
  maxParameters: z.number().positive().nullable().default(null),
  /** training rows loaded per run (the goal's "samples per round") */
  maxTrainingSamples: z.number().int().nonnegative().nullable().default(null),
  /** the wall-clock limit of one run, in seconds ("each run under two minutes") */
  perRunSeconds: z.number().positive().nullable().default(null),
  /** "never touch the test split": no plan may load it */
  noTestSplit: z.boolean().default(false),
  /** the answer format the goal asks for (shown to the planner; the task's scorer decides what counts) */
  outputFormat: z.string().max(80).nullable().default(null),
});
export type HardConstraints = z.infer<typeof hardConstraintsSchema>;

/** The hard constraints as the user confirmed or edited them in the form; a field left out keeps the analysis's value. */
export const constraintEditsSchema = z.strictObject({
  method: z.enum(METHOD_CONSTRAINTS).optional(),
  maxParameters: z.number().positive("the size cap must be positive").max(1e13).nullable().optional(),
  maxTrainingSamples: z.number().int().min(1, "at least one sample per round").max(10_000_000).nullable().optional(),
  perRunSeconds: z
    .number()
    .int()
    .min(10, "at least 10 seconds per run")
    .max(7 * 24 * 3600)
    .nullable()
    .optional(),
  noTestSplit: z.boolean().optional(),
  outputFormat: z.string().trim().max(80).nullable().optional(),
});
export type ConstraintEdits = z.infer<typeof constraintEditsSchema>;

const constraintsSchema = hardConstraintsSchema.extend({
  gpuHours: z.number().nonnegative().nullable().default(null),
  wallHours: z.number().nonnegative().nullable().default(null),
  gpuMemoryGb: z.number().nonnegative().nullable().default(null),
  notes: z.array(z.string().max(240)).max(12).default([]),
});

/** A budget the goal states, as written and converted onto a budget field. */
export const statedBudgetSchema = z.object({
  field: z.enum(BUDGET_FIELDS),
  value: z.number().nonnegative(),
  /** the words of the goal it came from, e.g. "8 GPU-hours" */
  written: z.string().max(120),
});
export type StatedBudget = z.infer<typeof statedBudgetSchema>;

export const comparisonSchema = z.object({
  /** method: full vs LoRA; model: base models */
  kind: z.enum(["method", "model"]),
  arms: z.array(z.string().min(1).max(120)).min(2).max(4),
  /** what the answer is judged by: the best score, the score per GPU-hour */
  per: z.enum(["score", "gpu-hour"]).default("score"),
});
export type Comparison = z.infer<typeof comparisonSchema>;

const successSchema = z.object({
  kind: z.enum(["threshold", "improvement", "beat_baseline"]),
  /** in the metric's unit (a fraction for accuracy-like metrics); null for beat_baseline */
  threshold: z.number().nullable(),
  text: z.string().max(300),
});

/** What the goal points at among the known tasks and the workspace's datasets. */
export const goalTaskSchema = z.object({
  id: z.string().max(120),
  name: z.string().max(200),
  /** the goal names it (id or benchmark name), not only describes it */
  named: z.boolean(),
  /** the words of the goal that point at it */
  evidence: z.array(z.string().max(80)).max(8),
});
export type GoalTask = z.infer<typeof goalTaskSchema>;

/** What a language model is asked to return: only its reading of the goal; the rules check it and convert the units. */
export const modelRequirementSchema = z.object({
  summary: z.string().min(1).max(600).describe("one or two sentences, in English, of what the user wants"),
  language: z.string().min(2).max(20).describe("ISO 639-1 code of the goal's main language, or 'mixed'"),
  taskType: z.enum(SPEC_TASK_TYPES),
  domain: z.string().max(80).nullable(),
  metric: z.object({ name: z.string().min(1).max(80), direction: z.enum(["higher", "lower"]) }),
  requestedBaseModel: z.string().max(120).nullable().describe("the base model the goal names, if any"),
  taskId: z
    .string()
    .max(120)
    .nullable()
    .default(null)
    .describe("the id of the candidate task or dataset the goal is about, or null when it names none of them"),
  method: z
    .enum(METHOD_CONSTRAINTS)
    .default("any")
    .describe(
      "lora: only parameter-efficient; full: only full fine-tuning; compare: try both and compare; any: not stated",
    ),
  maxParameters: z
    .string()
    .max(20)
    .nullable()
    .default(null)
    .describe("the size cap on the base model as written, e.g. '1B' or '500M'"),
  budgets: z
    .array(
      z.object({
        amount: z.number().nonnegative(),
        unit: z.enum(BUDGET_UNITS),
        quote: z.string().max(120).describe("the exact words of the goal"),
      }),
    )
    .max(10)
    .default([]),
  samplesPerRound: z.number().int().nonnegative().nullable().default(null),
  perRunMinutes: z.number().positive().nullable().default(null),
  noTestSplit: z.boolean().default(false).describe("the goal forbids using the test split"),
  outputFormat: z.string().max(80).nullable().default(null),
  compare: comparisonSchema.nullable().default(null),
  successCriterion: successSchema,
  suspicious: z
    .array(z.string().max(240))
    .max(10)
    .describe("instruction-like or harmful requests found in the goal (they are not followed)"),
});
export type ModelRequirement = z.infer<typeof modelRequirementSchema>;

export const requirementSpecSchema = z.object({
  summary: z.string().max(600),
  language: z.string().max(20),
  taskType: z.enum(SPEC_TASK_TYPES),
  /** the registered task the exploration runs (chosen in the form, or recognised in the goal) */
  taskId: z.string().max(120).nullable(),
  /** what the goal itself points at; differs from taskId when the goal and the picker disagree */
  goalTask: goalTaskSchema.nullable().default(null),
  domain: z.string().max(80).nullable(),
  metric: z.object({ name: z.string().max(80), direction: z.enum(["higher", "lower"]) }),
  /** requested: what the goal names; used: what the exploration trains */
  baseModel: z.object({ requested: z.string().max(120).nullable(), used: z.string().max(120) }),
  constraints: constraintsSchema,
  /** budgets the goal states, converted onto the budget fields */
  budgets: z.array(statedBudgetSchema).max(12).default([]),
  compare: comparisonSchema.nullable().default(null),
  successCriterion: successSchema,
  /** things a reviewer should know: mismatches, truncation, what the model noticed */
  flags: z.array(z.string().max(300)).max(20),
  /** contradictory, impossible or suspicious requirements: nothing starts until the user confirms them */
  problems: z.array(z.string().max(400)).max(20).default([]),
  analysedBy: z.string().max(120),
  goalChars: z.number().int().nonnegative(),
  truncated: z.boolean(),
});
export type RequirementSpec = z.infer<typeof requirementSpecSchema>;

export interface AnalysisHints {
  /** the task chosen in the form: authoritative for what is measured */
  taskId?: string;
  /** the same, already resolved (an uploaded dataset is not in the registry); wins over taskId */
  task?: TaskInfo;
  /** the base model chosen in the form: authoritative for what is trained */
  baseModel?: string;
  /** the workspace's uploaded datasets, as tasks: the goal may name one */
  datasets?: readonly TaskInfo[];
}

/** The hard constraints stored with an exploration (older explorations stored none: all defaults). */
export function hardConstraintsOf(spec: unknown): HardConstraints {
  const raw = typeof spec === "object" && spec !== null && "constraints" in spec ? spec.constraints : {};
  const parsed = hardConstraintsSchema.safeParse(raw ?? {});
  return parsed.success ? parsed.data : hardConstraintsSchema.parse({});
}

/** The GPU memory the goal states ("a 24 GB GPU"), in GB, which plan review treats as GiB; null when it states none. */
export function gpuMemoryOf(spec: unknown): number | null {
  const raw = typeof spec === "object" && spec !== null && "constraints" in spec ? spec.constraints : null;
  const parsed = z.object({ gpuMemoryGb: z.number().positive().nullable() }).safeParse(raw);
  return parsed.success ? parsed.data.gpuMemoryGb : null;
}

/** The comparison an exploration's goal asks for, if any. */
export function comparisonOf(spec: unknown): Comparison | null {
  const raw = typeof spec === "object" && spec !== null && "compare" in spec ? spec.compare : null;
  const parsed = comparisonSchema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}
