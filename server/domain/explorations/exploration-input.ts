/** The zod owner of what a user submits to create an exploration. Pure: the browser form uses it too. */
import { z } from "zod";
import { refuseHiddenCharacters } from "../../contract/hidden-characters.ts";
import { baseModelProblem, DEFAULT_BASE_MODEL, findBaseModel } from "../../contract/base-models.ts";
import { POLICIES } from "../tree/policies.ts";
import { TASK_IDS } from "../tasks/task-registry.ts";
import { FTBENCH_TASK_IDS } from "../tasks/ftbench-tasks.ts";
import { constraintEditsSchema } from "../requirements/requirement-spec.ts";
import { ablationsSchema, NO_ABLATIONS } from "../../contract/ablations.ts";

export const APPROVAL_MODES = ["auto", "review-each-expansion", "review-over-cost"] as const;
export type ApprovalMode = (typeof APPROVAL_MODES)[number];

export const budgetSchema = z.object({
  rounds: z.number().int().min(1, "at least one round").max(50, "at most 50 rounds"),
  trainingRuns: z.number().int().min(1).max(500),
  computeSeconds: z.number().int().min(30, "at least 30 compute-seconds").max(10_000_000),
  wallSeconds: z
    .number()
    .int()
    .min(60, "at least a minute")
    .max(30 * 24 * 3600),
  tokens: z.number().int().min(0).max(1_000_000_000),
});
export type Budget = z.infer<typeof budgetSchema>;

export const DEFAULT_BUDGET: Budget = {
  rounds: 4,
  trainingRuns: 16,
  computeSeconds: 1800,
  wallSeconds: 3600,
  tokens: 200_000,
};

export const GOAL_MAX_CHARS = 20_000;

export const createExplorationSchema = z
  .strictObject({
    /** where to create it: one of the caller's workspaces (left out: the first where they are a reviewer) */
    workspaceId: z.string().min(1).max(100).optional(),
    title: z
      .string()
      .trim()
      .max(200)
      .refine(...refuseHiddenCharacters("A title"))
      .optional(),
    goal: z
      .string()
      .trim()
      .min(10, "Describe the goal in at least 10 characters")
      .max(GOAL_MAX_CHARS, `The goal is limited to ${GOAL_MAX_CHARS.toLocaleString("en")} characters`),
    /** an FT-Bench-mini task, or one of the paper's FT-Bench tasks (`ftbench:sst-2`, its data given as `datasetId`) … */
    taskId: z
      .enum([...TASK_IDS, ...FTBENCH_TASK_IDS] as [string, ...string[]], { message: "Choose an FT-Bench task" })
      .optional(),
    /** … or an uploaded dataset of the workspace */
    datasetId: z.string().trim().min(1).max(100).optional(),
    /** a catalogue id (a Hub id of a catalogue model is read as its id), another Hub id, or an absolute folder */
    baseModel: z
      .string()
      .trim()
      .max(300)
      .default(DEFAULT_BASE_MODEL)
      .transform((id) => findBaseModel(id)?.id ?? id)
      .superRefine((id, ctx) => {
        const problem = id === "" ? "Choose a base model, or type a Hub id or a folder" : baseModelProblem(id);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      }),
    policy: z.enum(POLICIES).default("mcts"),
    approvalMode: z.enum(APPROVAL_MODES).default("auto"),
    budget: budgetSchema.default(DEFAULT_BUDGET),
    seed: z.number().int().min(0).max(1_000_000).default(0),
    /** parts of the search switched off for an ablation (each true = on, the default) */
    ablations: ablationsSchema.default(NO_ABLATIONS),
    /** where training runs: "local" (this machine) or a runner configured in the settings */
    runner: z.string().trim().min(1).max(64).default("local"),
    /** the goal's hard constraints as the user confirmed or edited them in the preview */
    constraints: constraintEditsSchema.optional(),
    /** the user has read what the analysis needs confirmed (contradictions, impossible budgets, a mismatched task) */
    confirmed: z.boolean().default(false),
  })
  .superRefine((v, ctx) => {
    const paperTask = v.taskId ? FTBENCH_TASK_IDS.includes(v.taskId) : false;
    if (paperTask && !v.datasetId)
      ctx.addIssue({
        code: "custom",
        path: ["datasetId"],
        message: `${v.taskId} needs its data: fetch it (trex ftbench fetch) or upload its splits, then choose the dataset`,
      });
    else if (v.taskId && v.datasetId && !paperTask)
      ctx.addIssue({
        code: "custom",
        path: ["taskId"],
        message: "Choose an FT-Bench-mini task or a dataset, not both",
      });
    else if (!v.taskId && !v.datasetId)
      ctx.addIssue({ code: "custom", path: ["taskId"], message: "Choose an FT-Bench-mini task or a dataset" });
  });
export type CreateExplorationInput = z.input<typeof createExplorationSchema>;
export type CreateExploration = z.output<typeof createExplorationSchema>;
