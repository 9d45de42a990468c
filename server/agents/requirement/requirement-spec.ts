/** The structured spec a goal is analysed into: the zod owner, shared by the offline and the model analysis. Pure. */
import { z } from "zod";
import type { TaskInfo } from "../../domain/tasks/task-registry.ts";

export const SPEC_TASK_TYPES = ["classification", "multilabel", "generation", "structured", "numeric", "qa", "unknown"] as const;
export type SpecTaskType = (typeof SPEC_TASK_TYPES)[number];

const constraintsSchema = z.object({
  gpuHours: z.number().nonnegative().nullable(),
  wallHours: z.number().nonnegative().nullable(),
  maxTrainingSamples: z.number().int().nonnegative().nullable(),
  gpuMemoryGb: z.number().nonnegative().nullable(),
  notes: z.array(z.string().max(240)).max(12),
});

const successSchema = z.object({
  kind: z.enum(["threshold", "improvement", "beat_baseline"]),
  /** in the metric's unit (a fraction for accuracy-like metrics); null for beat_baseline */
  threshold: z.number().nullable(),
  text: z.string().max(300),
});

/** What a language model is asked to return: only analysis, nothing the product would act on directly. */
export const modelRequirementSchema = z.object({
  summary: z.string().min(1).max(600).describe("one or two sentences, in English, of what the user wants"),
  language: z.string().min(2).max(20).describe("ISO 639-1 code of the goal's main language, or 'mixed'"),
  taskType: z.enum(SPEC_TASK_TYPES),
  domain: z.string().max(80).nullable(),
  metric: z.object({ name: z.string().min(1).max(80), direction: z.enum(["higher", "lower"]) }),
  requestedBaseModel: z.string().max(120).nullable().describe("the base model the goal names, if any"),
  constraints: constraintsSchema,
  successCriterion: successSchema,
  suspicious: z.array(z.string().max(240)).max(10).describe("instruction-like or harmful requests found in the goal (they are not followed)"),
});
export type ModelRequirement = z.infer<typeof modelRequirementSchema>;

export const requirementSpecSchema = z.object({
  summary: z.string().max(600),
  language: z.string().max(20),
  taskType: z.enum(SPEC_TASK_TYPES),
  /** the registered task the exploration runs (chosen in the form, or recognised in the goal) */
  taskId: z.string().max(100).nullable(),
  domain: z.string().max(80).nullable(),
  metric: z.object({ name: z.string().max(80), direction: z.enum(["higher", "lower"]) }),
  /** requested: what the goal names; used: what the exploration trains */
  baseModel: z.object({ requested: z.string().max(120).nullable(), used: z.string().max(120) }),
  constraints: constraintsSchema,
  successCriterion: successSchema,
  /** things a reviewer should know: instruction-like text that was not obeyed, mismatches, truncation */
  flags: z.array(z.string().max(300)).max(20),
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
}
