/**
 * The job protocol between the orchestrator and the Python worker.
 * This file is the single owner of the contract: `npm run protocol:schema` writes
 * worker/trex_worker/schemas/{job,result}.schema.json from it and the worker validates against those.
 */
import { RUN_OUTCOMES } from "./statuses.ts";
import { z } from "zod";
import { DEFAULT_BASE_MODEL, TRAINING_METHODS } from "./base-models.ts";
import { loadSourceProblem, pythonCodeProblem, templateProblem } from "./recipe-rules.ts";
import { TASK_FILE_METRICS, TRAINING_BACKENDS } from "./task-names.ts";

export const PROTOCOL_VERSION = 1;

/** the worker's own rules (recipe-rules.ts), checked here too so a broken recipe is refused before a job runs */
const problemOf = (rule: (value: string) => string | null) => (value: string, ctx: z.RefinementCtx) => {
  const problem = rule(value);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
};

const operator = z.discriminatedUnion("op", [
  z.object({
    op: z.literal("load"),
    /** `task:<split>` reads the FT-Bench-mini generator; a relative path reads JSONL/CSV inside the job folder. */
    source: z.string().min(1).max(500).superRefine(problemOf(loadSourceProblem)),
    limit: z.number().int().positive().max(200_000).optional(),
    weight: z.number().positive().max(100).optional(),
    /** a file's own field names for the input and the output, where they are not input/output, prompt/completion, question/answer or text/label */
    fields: z.object({ input: z.string().min(1).max(100), output: z.string().min(1).max(100) }).optional(),
  }),
  z.object({
    op: z.literal("dedup"),
    mode: z.enum(["exact", "near"]).default("exact"),
    threshold: z.number().min(0.5).max(1).default(0.9),
  }),
  z.object({
    op: z.literal("filter"),
    /** keep rows whose `field` fully matches `pattern`; `valid_label` keeps rows whose output is a valid answer for the task */
    rule: z.enum(["valid_label", "regex", "max_chars"]),
    field: z.enum(["input", "output"]).default("output"),
    pattern: z.string().max(500).optional(),
    maxChars: z.number().int().positive().optional(),
  }),
  z.object({ op: z.literal("sample"), n: z.number().int().positive().max(200_000), seed: z.number().int().default(0) }),
  z.object({ op: z.literal("balance"), field: z.enum(["output"]).default("output") }),
  z.object({
    op: z.literal("augment"),
    kind: z.enum(["task", "char_noise", "shuffle_words"]),
    factor: z.number().min(0).max(5).default(1),
    seed: z.number().int().default(0),
  }),
  z.object({
    op: z.literal("template"),
    template: z.string().min(1).max(2000).superRefine(problemOf(templateProblem)),
  }),
  z.object({ op: z.literal("mix"), ratios: z.record(z.string(), z.number().positive()) }),
  /**
   * A code step the Executor writes for a transformation the other operators lack: Python source that defines
   * `transform(row)`, called once per row ({input, output, source}) and returning a row, a list of rows or None (drop
   * it). The worker runs it only in a sandboxed child process (no network, the job folder as its only writable
   * place, these time and memory limits); a reviewer approves every new code step, in every approval mode.
   */
  z.object({
    op: z.literal("python"),
    code: z.string().min(1).max(20_000).superRefine(problemOf(pythonCodeProblem)),
    /** what the step does and why the declarative operators could not */
    description: z.string().max(1000).optional(),
    /** CPU seconds (and, with a start-up allowance, wall seconds) the whole step may take */
    timeoutSeconds: z.number().int().min(1).max(3600).default(60),
    /** address space of the child process */
    memoryMiB: z.number().int().min(128).max(65_536).default(1024),
  }),
]);
export type RecipeOperator = z.infer<typeof operator>;

export const dataRecipeSchema = z.object({ operators: z.array(operator).min(1).max(50) });
export type DataRecipe = z.infer<typeof dataRecipeSchema>;

export const TRAINING_SCHEDULES = ["cosine", "linear", "constant"] as const;

export const trainingConfigSchema = z.object({
  /** the training backend (contract/task-names.ts); one today, transformers + peft */
  backend: z.literal(TRAINING_BACKENDS).default("hf"),
  /** a catalogue id (server/domain/models: `tiny-base`, `qwen3-1.7b`), a Hub id, or a folder saved with save_pretrained */
  baseModel: z.string().min(1).max(300).default(DEFAULT_BASE_MODEL),
  method: z.enum(TRAINING_METHODS).default("full"),
  steps: z.number().int().min(0).max(200_000),
  /** sequences per optimizer step (over all processes and accumulation micro-batches) */
  batchSize: z.number().int().min(1).max(1024),
  /** micro-batches one optimizer step is split into (memory, not maths: the step sees batchSize sequences) */
  gradientAccumulation: z.number().int().min(1).max(256).default(1),
  learningRate: z.number().positive().max(1),
  /** learning-rate schedule after the linear warm-up; cosine decays to 5% of the peak */
  schedule: z.enum(TRAINING_SCHEDULES).default("cosine"),
  weightDecay: z.number().min(0).max(1).default(0),
  warmupRatio: z.number().min(0).max(0.5).default(0.05),
  /** attention dropout for full fine-tuning, LoRA dropout for lora/qlora */
  dropout: z.number().min(0).max(0.9).default(0.1),
  labelSmoothing: z.number().min(0).max(0.5).default(0),
  loraRank: z.number().int().min(1).max(1024).optional(),
  /** tokens per training sequence (prompt cut from the left); default: the model's context, at most 2048 */
  maxSeqLength: z.number().int().min(16).max(131_072).optional(),
  /** recompute activations in the backward pass (less memory, about a third more time); default: on with CUDA, off on CPU */
  gradientCheckpointing: z.boolean().optional(),
  /**
   * the most memory (MiB) training may take beyond what the loaded model holds; a step that needs more fails as
   * out of memory (a machine's limit, stated in the job: how a small host is modelled, and how tests provoke it)
   */
  memoryCapMiB: z.number().int().min(16).max(4_194_304).optional(),
  /** validation-loss points during training (the validation curve); 0: none */
  validationPoints: z.number().int().min(0).max(100).default(4),
  /** also save the LoRA adapter merged into the base weights (checkpoint/merged/) */
  exportMerged: z.boolean().default(false),
  /** training processes (DDP over GPUs, or gloo on CPU); default: one per visible GPU, else 1 */
  processes: z.number().int().min(1).max(64).optional(),
  /**
   * how several processes share the model: ddp replicates it, fsdp shards weights, gradients and optimizer state
   * (full fine-tuning only); auto: fsdp for full fine-tuning of models of 1B parameters or more, else ddp
   */
  sharding: z.enum(["auto", "ddp", "fsdp"]).optional(),
  /** checkpoint to start from, relative to the jobs root (the job folder's parent) */
  initFrom: z.string().max(500).optional(),
  seed: z.number().int().default(0),
  maxSeconds: z
    .number()
    .positive()
    .max(7 * 24 * 3600)
    .default(600),
});
export type TrainingConfig = z.infer<typeof trainingConfigSchema>;

/**
 * A dataset of files instead of an FT-Bench-mini generator: `dir` holds train / validation / test as .jsonl
 * or .csv (only train is required; missing validation/test splits are carved out of train by `splitSeed`).
 */
export const taskFilesSchema = z.object({
  /** folder relative to the job folder (must resolve inside it) */
  dir: z.string().min(1).max(500),
  metric: z.enum(TASK_FILE_METRICS),
  /** the valid answers of a classification task; inferred from the data when absent and there are at most 50 */
  labels: z.array(z.string().min(1).max(200)).min(1).max(1000).optional(),
  /** seeds the shuffle and the carving of missing splits; the worker uses `task.seed` when absent */
  splitSeed: z.number().int().optional(),
});
export type TaskFiles = z.infer<typeof taskFilesSchema>;

export const jobSpecSchema = z.object({
  version: z.literal(PROTOCOL_VERSION),
  jobId: z.string().min(1).max(100),
  nodeId: z.string().min(1).max(100),
  task: z.object({
    /** an FT-Bench-mini id (`mini-sst2`); with `files`, a free name for the dataset (`custom:reviews`, `ftbench:sst-2`) */
    id: z.string().min(1).max(100),
    seed: z.number().int().default(0),
    files: taskFilesSchema.optional(),
  }),
  recipe: dataRecipeSchema,
  training: trainingConfigSchema,
  /** what the server estimates the run needs: a worker on a GPU with less free memory fails before loading */
  estimates: z
    .object({ gpuMemoryGiB: z.number().positive().max(1_000_000) })
    .partial()
    .optional(),
  evaluation: z.object({
    splits: z
      .array(z.enum(["validation", "test"]))
      .min(1)
      .default(["validation", "test"]),
    maxExamples: z.number().int().positive().max(100_000).default(300),
    decoding: z.enum(["greedy", "sample"]).default("greedy"),
    temperature: z.number().min(0).max(2).default(0.7),
    badCases: z.number().int().min(0).max(200).default(20),
  }),
});
export type JobSpec = z.infer<typeof jobSpecSchema>;

/** The longest prompt the playground takes (characters); the worker cuts tokens from the left beyond the context. */
export const GENERATION_PROMPT_MAX_CHARS = 4000;
export const GENERATION_MAX_NEW_TOKENS = 512;

/** One model a generation job asks: a checkpoint of an earlier job (relative to the jobs root) on its base model, or the base model alone. */
export const generationModelSchema = z.object({
  /** names the answer in the result (`node`, `parent`, `base`) */
  label: z.string().min(1).max(40),
  baseModel: z.string().min(1).max(300),
  /** a job's checkpoint ref (a training result's `checkpoint`); absent: the base model as it is */
  checkpoint: z.string().min(1).max(500).optional(),
});
export type GenerationModel = z.infer<typeof generationModelSchema>;

/**
 * The second job kind: ask one to three models the same prompts (chat template, batched generation with the KV
 * cache). Small and short; it writes result.json with `generation` set and no metrics.
 */
export const generationJobSpecSchema = z.object({
  version: z.literal(PROTOCOL_VERSION),
  kind: z.literal("generate"),
  jobId: z.string().min(1).max(100),
  models: z.array(generationModelSchema).min(1).max(3),
  prompts: z.array(z.string().min(1).max(GENERATION_PROMPT_MAX_CHARS)).min(1).max(16),
  maxNewTokens: z.number().int().min(1).max(GENERATION_MAX_NEW_TOKENS).default(64),
  /** 0: greedy decoding */
  temperature: z.number().min(0).max(2).default(0),
  seed: z.number().int().default(0),
});
export type GenerationJobSpec = z.infer<typeof generationJobSpecSchema>;

/**
 * The third job kind: run a recipe alone (no model, no training) and report rows per operator, samples, and how
 * many training inputs are also test inputs. Seconds; plan review runs it before a plan is dispatched.
 */
export const dryRunJobSpecSchema = z.object({
  version: z.literal(PROTOCOL_VERSION),
  kind: z.literal("dryrun"),
  jobId: z.string().min(1).max(100),
  task: jobSpecSchema.shape.task,
  recipe: dataRecipeSchema,
});

/** What a runner carries to the worker: a training job or a generation job (told apart by `kind`). */
export type WorkerJobSpec = JobSpec | GenerationJobSpec;

export const generationAnswerSchema = z.object({
  label: z.string(),
  /** one answer per prompt, in the order of the prompts */
  answers: z.array(z.string()),
  loadSeconds: z.number(),
  generateSeconds: z.number(),
  newTokens: z.number().int(),
});
export type GenerationAnswer = z.infer<typeof generationAnswerSchema>;

export const badCaseSchema = z.object({
  input: z.string(),
  expected: z.string(),
  predicted: z.string(),
  errorType: z.string(),
});

export const recipeStepReportSchema = z.object({
  op: z.string(),
  rowsIn: z.number().int(),
  rowsOut: z.number().int(),
  samples: z.array(z.object({ input: z.string(), output: z.string() })).default([]),
});

/** What kind of failure a failed job had, as the worker or the runner could tell: what the Executor repairs from. */
export const FAILURE_KINDS = [
  "out_of_memory",
  "nan_loss",
  "time_limit",
  "empty_recipe",
  "broken_recipe",
  "missing_field",
  /** a code step tried what its sandbox forbids (the network, a write outside the job folder, a process) */
  "code_refused",
  /** a code step raised, returned something that is not rows, or ran past its time or memory limit */
  "code_failed",
  "other",
] as const;
export type FailureKind = (typeof FAILURE_KINDS)[number];

export const jobResultSchema = z.object({
  version: z.literal(PROTOCOL_VERSION),
  jobId: z.string(),
  status: z.enum(RUN_OUTCOMES),
  error: z.string().optional(),
  /** set by a failed job: the class of its failure (the error says the rest) */
  failureKind: z.enum(FAILURE_KINDS).optional(),
  /** a load whose file had no usable pair: the field names its rows have, for a repaired field mapping */
  fieldsSeen: z.array(z.string().max(200)).max(100).optional(),
  /** split -> metric name -> value; every task reports `primary` in [0, 1] */
  metrics: z.record(z.string(), z.record(z.string(), z.number())).default({}),
  badCases: z.array(badCaseSchema).default([]),
  errorGroups: z.record(z.string(), z.number()).default({}),
  recipeReport: z.array(recipeStepReportSchema).default([]),
  train: z
    .object({
      steps: z.number().int(),
      finalLoss: z.number().nullable(),
      trainRows: z.number().int(),
      tokensPerSecond: z.number(),
    })
    .optional(),
  cost: z.object({ cpuSeconds: z.number(), gpuSeconds: z.number(), wallSeconds: z.number() }),
  /** relative to the jobs root, usable as a child's `initFrom` */
  checkpoint: z.string().nullable().default(null),
  /** a dry-run's findings: the rows the recipe leaves, and how many of their inputs are test inputs */
  dryRun: z
    .object({ rows: z.number().int(), testOverlap: z.number().int(), testRows: z.number().int(), seconds: z.number() })
    .optional(),
  /** a generation job's answers, one entry per model asked */
  generation: z.array(generationAnswerSchema).optional(),
});
export type JobResult = z.infer<typeof jobResultSchema>;

/** A result for a job that ended without writing one (Slurm killed it, it was cancelled while queued, it was lost). */
export function syntheticResult(jobId: string, status: JobResult["status"], error?: string): JobResult {
  return {
    version: 1,
    jobId,
    status,
    ...(error ? { error } : {}),
    metrics: {},
    badCases: [],
    errorGroups: {},
    recipeReport: [],
    cost: { cpuSeconds: 0, gpuSeconds: 0, wallSeconds: 0 },
    checkpoint: null,
  };
}

export const workerEventSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("started"), t: z.number(), pid: z.number().int() }),
  z.object({ type: z.literal("heartbeat"), t: z.number() }),
  z.object({ type: z.literal("recipe"), t: z.number(), op: z.string(), rowsIn: z.number(), rowsOut: z.number() }),
  z.object({
    type: z.literal("progress"),
    t: z.number(),
    step: z.number().int(),
    totalSteps: z.number().int(),
    loss: z.number().nullable(),
    lr: z.number(),
    tokensPerSecond: z.number(),
  }),
  /** work before training that takes minutes (a CPU preset's first build): how far it is */
  z.object({
    type: z.literal("prepare"),
    t: z.number(),
    what: z.string().max(200),
    step: z.number().int(),
    totalSteps: z.number().int(),
  }),
  /** the loss on held-out validation rows during training: the validation curve */
  z.object({ type: z.literal("validation"), t: z.number(), step: z.number().int(), loss: z.number().nullable() }),
  z.object({
    type: z.literal("eval"),
    t: z.number(),
    split: z.string(),
    step: z.number().int(),
    metrics: z.record(z.string(), z.number()),
  }),
  z.object({ type: z.literal("log"), t: z.number(), level: z.enum(["info", "warn", "error"]), message: z.string() }),
  z.object({ type: z.literal("finished"), t: z.number(), status: z.enum(RUN_OUTCOMES) }),
]);
export type WorkerEvent = z.infer<typeof workerEventSchema>;

/** The JSON Schemas the worker validates with, by file name (worker/trex_worker/schemas/<name>.schema.json). */
export const workerSchemas = {
  job: jobSpecSchema,
  generate: generationJobSpecSchema,
  dryrun: dryRunJobSpecSchema,
  result: jobResultSchema,
  event: workerEventSchema,
} as const;
