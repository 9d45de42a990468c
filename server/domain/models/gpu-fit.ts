/**
 * Does a training run fit the GPU it will run on? Plan review asks this before any GPU time is spent: a plan
 * whose estimated peak memory (model-memory.ts) exceeds the GPU moves to a lighter method the model and the goal
 * allow (full -> LoRA -> QLoRA), or is refused with the numbers. Pure.
 */
import { findBaseModel, type TrainingMethod } from "../../contract/base-models.ts";
import { memoryNeededGiB } from "./model-memory.ts";

export interface GpuFitRun {
  baseModel: string;
  method: TrainingMethod;
  batchSize: number;
  gradientAccumulation: number;
  maxSeqLength?: number;
  steps: number;
}

export type GpuFit<C extends GpuFitRun> =
  { fits: true; config: C; note: string | null } | { fits: false; refused: string };

/** The longest sequence a run trains on: its own limit, else the worker's default (the context, at most 2,048). */
const sequenceOf = (c: GpuFitRun, contextLength: number) => c.maxSeqLength ?? Math.min(contextLength, 2048);

const LIGHTER: Record<TrainingMethod, readonly TrainingMethod[]> = {
  full: ["lora", "qlora"],
  lora: ["qlora"],
  qlora: [],
};

const fmt = (gib: number) => (gib < 10 ? gib.toFixed(1) : String(Math.round(gib)));

/**
 * `gpuMemoryGiB` is the memory of one GPU; `allowed` says which methods the goal permits. A run that trains
 * nothing (steps 0) or a model outside the catalogue (its size is unknown) is left as it is.
 */
export function fitToGpu<C extends GpuFitRun>(
  config: C,
  gpuMemoryGiB: number,
  allowed: (method: TrainingMethod) => boolean = () => true,
): GpuFit<C> {
  const model = findBaseModel(config.baseModel);
  if (!model || config.steps === 0) return { fits: true, config, note: null };
  const sequenceLength = sequenceOf(config, model.contextLength);
  const batchSize = Math.max(1, Math.ceil(config.batchSize / config.gradientAccumulation));
  const need = (method: TrainingMethod) => memoryNeededGiB(model, { method, sequenceLength, batchSize });
  const asked = need(config.method);
  if (asked <= gpuMemoryGiB) return { fits: true, config, note: null };
  for (const method of LIGHTER[config.method]) {
    if (!model.methods.includes(method) || !allowed(method)) continue;
    const lighter = need(method);
    if (lighter <= gpuMemoryGiB)
      return {
        fits: true,
        config: { ...config, method },
        note: `${config.method} fine-tuning of ${model.id} needs about ${fmt(asked)} GiB at sequence ${sequenceLength} and micro-batch ${batchSize}, more than the GPU's ${fmt(gpuMemoryGiB)} GiB: trained with ${method} (about ${fmt(lighter)} GiB)`,
      };
  }
  return {
    fits: false,
    refused: `${config.method} fine-tuning of ${model.id} needs about ${fmt(asked)} GiB of GPU memory at sequence ${sequenceLength} and micro-batch ${batchSize}, and the GPU has ${fmt(gpuMemoryGiB)} GiB; a smaller model, a shorter maxSeqLength or more gradient accumulation would fit`,
  };
}
