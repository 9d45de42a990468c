/**
 * How many compute-seconds a training run will take, learned from the runs the tree has already made
 * (seconds per step, normalised by model size and batch), with a conservative default before any. Pure.
 */
import type { TrainingConfig } from "../../contract/job-protocol.ts";

export interface CostSample {
  config: TrainingConfig;
  computeSeconds: number;
  reused: boolean;
  status: string;
}

/**
 * Relative cost of one step by CPU preset (transformers Trainer, batch 32 of mini-sst2, 2 threads, measured
 * 2026-12-01: tiny-small 0.10 s, tiny-base 0.33 s a step); other models are learned from their own history only.
 */
const SIZE_FACTOR: Record<string, number> = { "tiny-small": 0.3, "tiny-base": 1, "tiny-large": 2.5 };
/** Before any run has finished: tiny-base at batch 32, 0.33 s a step on a quiet 2-vCPU Xeon. */
const DEFAULT_SECONDS_PER_STEP = 0.33;
/** Starting the worker (importing torch and transformers: 8–20 s) and evaluating (about 7 s on 300 rows). */
const DEFAULT_OVERHEAD_SECONDS = 20;

const sizeFactor = (c: TrainingConfig) => SIZE_FACTOR[c.baseModel] ?? 1;
const unitOf = (c: TrainingConfig) => sizeFactor(c) * (c.batchSize / 32);

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? null) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

export interface CostModel {
  /** seconds of one step of tiny-base at batch 32 */
  secondsPerUnitStep: number;
  /** data preparation and evaluation, paid by every run */
  overheadSeconds: number;
  /** how many finished runs the model rests on */
  samples: number;
}

export function learnCostModel(history: readonly CostSample[]): CostModel {
  const measured = history.filter((h) => h.status === "succeeded" && !h.reused && h.computeSeconds > 0);
  const evals = measured.filter((h) => h.config.steps === 0).map((h) => h.computeSeconds);
  const overheadSeconds = median(evals) ?? DEFAULT_OVERHEAD_SECONDS;
  const rates = measured
    .filter((h) => h.config.steps > 0)
    .map((h) => Math.max(0, h.computeSeconds - overheadSeconds) / h.config.steps / unitOf(h.config))
    .filter((r) => r > 0 && Number.isFinite(r));
  return { secondsPerUnitStep: median(rates) ?? DEFAULT_SECONDS_PER_STEP, overheadSeconds, samples: rates.length };
}

export function estimateSeconds(model: CostModel, config: TrainingConfig): number {
  const training = config.steps * model.secondsPerUnitStep * unitOf(config);
  return model.overheadSeconds + Math.min(training, config.maxSeconds);
}

/** Training seconds of one step of this configuration. */
export function secondsPerStepOf(model: CostModel, config: TrainingConfig): number {
  return model.secondsPerUnitStep * unitOf(config);
}
