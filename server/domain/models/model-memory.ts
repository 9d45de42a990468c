/**
 * How much accelerator memory fine-tuning a base model needs, estimated from its architecture, so that plan
 * review can refuse a plan that cannot fit a runner's GPU before any GPU time is spent. Pure.
 *
 * The estimate follows what the worker does (transformers Trainer, AdamW, bf16 autocast on CUDA, gradient
 * checkpointing on GPUs, LoRA on every linear layer):
 * - full: fp32 weights, gradients and two AdamW moments, 16 bytes per parameter;
 * - lora: frozen bf16 weights (2 bytes per parameter) + the adapter at 16 bytes per trainable parameter;
 * - qlora: 4-bit NF4 weights with double-quantised constants (~0.56 bytes per parameter) + the adapter;
 * - activations: the checkpointed input of every layer plus one layer recomputed, per token in the batch;
 * - logits: fp32 logits and their gradient over the vocabulary, per token (the largest term for Qwen3 at 2k);
 * - a fixed 1 GiB for the CUDA context and the allocator's slack.
 * It is an estimate for refusing plans that cannot fit, not a promise: measured peaks are in bench/gpu.
 */
import type { BaseModel, TrainingMethod } from "../../contract/base-models.ts";

const GIB = 1024 ** 3;
const CUDA_OVERHEAD_BYTES = GIB;

/** Trainable parameters of a rank-r LoRA adapter on q/k/v/o and the three MLP projections of every layer. */
export function loraParameters(model: BaseModel, rank = 16): number {
  const a = model.architecture;
  const q = a.heads * a.headDim;
  const kv = a.kvHeads * a.headDim;
  const shapes: [number, number][] = [
    [a.hidden, q],
    [a.hidden, kv],
    [a.hidden, kv],
    [q, a.hidden],
    [a.hidden, a.intermediate],
    [a.hidden, a.intermediate],
    [a.intermediate, a.hidden],
  ];
  return a.layers * shapes.reduce((sum, [i, o]) => sum + rank * (i + o), 0);
}

export interface MemoryQuery {
  method: TrainingMethod;
  /** tokens per sequence */
  sequenceLength: number;
  /** sequences per optimizer micro-batch (default 1) */
  batchSize?: number;
  loraRank?: number;
}

/** Estimated peak accelerator memory in GiB for training `model` as asked. */
export function memoryNeededGiB(model: BaseModel, q: MemoryQuery): number {
  const a = model.architecture;
  const tokens = q.sequenceLength * (q.batchSize ?? 1);
  const adapter = q.method === "full" ? 0 : loraParameters(model, q.loraRank ?? 16);
  const weights =
    q.method === "full"
      ? 16 * model.parameters
      : q.method === "lora"
        ? 2 * model.parameters + 16 * adapter
        : 0.56 * model.parameters + 16 * adapter;
  const activations = tokens * 2 * (a.layers * a.hidden + 10 * a.hidden + 3 * a.intermediate);
  const logits = tokens * a.vocab * 8;
  return (weights + activations + logits + CUDA_OVERHEAD_BYTES) / GIB;
}

/** Memory needed per method at a few sequence lengths: the table plan review and the README show. */
export function memoryTable(
  model: BaseModel,
  sequenceLengths: readonly number[] = [512, 1024, 2048, 4096],
): Record<TrainingMethod, Record<number, number>> {
  const row = (method: TrainingMethod) =>
    Object.fromEntries(
      sequenceLengths.map((s) => [s, Math.round(memoryNeededGiB(model, { method, sequenceLength: s }) * 10) / 10]),
    );
  return { full: row("full"), lora: row("lora"), qlora: row("qlora") };
}
