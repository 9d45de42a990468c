/**
 * Names the server and the worker must agree on: the FT-Bench-mini task ids (the worker holds their generators,
 * the server their descriptions), the metrics a file task may be scored by, and the training backends.
 * `npm run protocol:schema` writes them to worker/trex_worker/schemas/names.json for the worker.
 */
export const MINI_TASK_IDS = [
  "mini-sst2",
  "mini-fin",
  "mini-gta",
  "mini-hoc",
  "mini-aci",
  "mini-tomg",
  "mini-ome",
  "mini-cs",
  "mini-econ",
  "mini-law",
] as const;
export type MiniTaskId = (typeof MINI_TASK_IDS)[number];

export const TASK_FILE_METRICS = ["accuracy", "exact_match", "macro_f1", "rouge1", "numeric"] as const;
export type TaskFileMetric = (typeof TASK_FILE_METRICS)[number];

/** transformers (Trainer) + peft, on CPU and on GPUs */
export const TRAINING_BACKENDS = ["hf"] as const;

/** what the worker reads (names.json) */
export const workerNames = {
  miniTaskIds: MINI_TASK_IDS,
  taskFileMetrics: TASK_FILE_METRICS,
  trainingBackends: TRAINING_BACKENDS,
};
