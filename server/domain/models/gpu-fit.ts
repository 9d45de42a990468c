/**
 * Does a training run fit the GPU it will run on? Plan review asks this before any GPU time is spent: a plan
 * whose estimated peak memory (model-memory.ts) exceeds the GPU gets smaller micro-batches (more gradient
 * accumulation), then a lighter method the model and the goal allow (full -> LoRA -> QLoRA), or is refused with the
 * numbers. Pure.
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

/** The worker's largest gradient accumulation (job-protocol.ts). */
const MAX_ACCUMULATION = 256;

const fmt = (gib: number) => (gib < 10 ? gib.toFixed(1) : String(Math.round(gib)));

/** Micro-batches from the asked one down to 1, halving: more gradient accumulation, the same optimizer step. */
function microBatches(asked: number): number[] {
  const out: number[] = [];
  for (let m = asked; m >= 1; m = Math.floor(m / 2)) out.push(m);
  if (out.at(-1) !== 1) out.push(1);
  return out;
}

/** The estimated peak GPU memory of a run as planned (its micro-batch), or null for a model outside the catalogue. */
export function runMemoryGiB(config: GpuFitRun): number | null {
  const model = findBaseModel(config.baseModel);
  if (!model) return null;
  const batchSize = Math.max(1, Math.ceil(config.batchSize / config.gradientAccumulation));
  return memoryNeededGiB(model, {
    method: config.method,
    sequenceLength: sequenceOf(config, model.contextLength),
    batchSize,
  });
}

/**
 * `gpuMemoryGiB` is the memory of one GPU; `allowed` says which methods the goal permits. A plan that does not
 * fit keeps its method with smaller micro-batches first (gradient accumulation keeps the optimizer step the
 * plan asked for, so the experiment still tests what it says), then moves to a lighter method. A run that
 * trains nothing (steps 0) or a model outside the catalogue (its size is unknown) is left as it is.
 */
export function fitToGpu<C extends GpuFitRun>(
  config: C,
  gpuMemoryGiB: number,
  allowed: (method: TrainingMethod) => boolean = () => true,
): GpuFit<C> {
  const model = findBaseModel(config.baseModel);
  if (!model || config.steps === 0) return { fits: true, config, note: null };
  const sequenceLength = sequenceOf(config, model.contextLength);
  const micro = Math.max(1, Math.ceil(config.batchSize / config.gradientAccumulation));
  const need = (method: TrainingMethod, batchSize: number) =>
    memoryNeededGiB(model, { method, sequenceLength, batchSize });
  const asked = need(config.method, micro);
  if (asked <= gpuMemoryGiB) return { fits: true, config, note: null };
  const methods = [config.method, ...LIGHTER[config.method].filter((m) => model.methods.includes(m) && allowed(m))];
  for (const method of methods) {
    for (const m of microBatches(micro)) {
      const gradientAccumulation = Math.ceil(config.batchSize / m);
      if (gradientAccumulation > MAX_ACCUMULATION) break;
      const fitted = need(method, m);
      if (fitted > gpuMemoryGiB) continue;
      const how = [
        method !== config.method ? `trained with ${method}` : null,
        m !== micro
          ? `micro-batch ${m} with gradient accumulation ${gradientAccumulation} (the same ${config.batchSize} sequences per step)`
          : null,
      ].filter(Boolean);
      return {
        fits: true,
        config: { ...config, method, gradientAccumulation },
        note:
          `${config.method} fine-tuning of ${model.id} needs about ${fmt(asked)} GiB at sequence ${sequenceLength} ` +
          `and micro-batch ${micro}, more than the GPU's ${fmt(gpuMemoryGiB)} GiB: ${how.join(", ")} ` +
          `(about ${fmt(fitted)} GiB)`,
      };
    }
  }
  const least = Math.min(...methods.map((m) => need(m, 1)));
  return {
    fits: false,
    refused:
      `${config.method} fine-tuning of ${model.id} needs about ${fmt(asked)} GiB of GPU memory at sequence ` +
      `${sequenceLength} and micro-batch ${micro}, and the GPU has ${fmt(gpuMemoryGiB)} GiB; even ${methods.at(-1)} ` +
      `at micro-batch 1 needs about ${fmt(least)} GiB: a smaller model or a shorter maxSeqLength would fit`,
  };
}
