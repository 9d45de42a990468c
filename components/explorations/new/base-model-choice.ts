/**
 * What the new-exploration form says about a base model: the catalogue grouped by where it trains, a one-line
 * description (size, context, licence, memory per method), and the catalogue model the goal names when it differs
 * from the one picked. Pure.
 */
import { baseModels, findBaseModel, sameBaseModel, type BaseModel } from "@/server/contract/base-models";
import { memoryNeededGiB } from "@/server/domain/models/model-memory";
import { formatParameters } from "@/server/domain/requirements/units";
import type { RequirementSpec } from "@/server/domain/requirements/requirement-spec";

/** The sequence length the memory line is quoted at. */
export const MEMORY_SEQUENCE = 1024;

export interface ModelGroup {
  label: string;
  models: BaseModel[];
}

/** CPU presets first (they train on this machine), then the Hub models, each smallest first. */
export function modelGroups(): ModelGroup[] {
  const bySize = (a: BaseModel, b: BaseModel) => a.parameters - b.parameters;
  return [
    {
      label: "CPU presets (train on any runner)",
      models: baseModels.filter((m) => m.source.kind === "preset").sort(bySize),
    },
    {
      label: "Pretrained (Hugging Face Hub; a GPU runner with the weights cached or the Hub reachable)",
      models: baseModels.filter((m) => m.source.kind === "hub").sort(bySize),
    },
  ];
}

const gib = (v: number) => (v < 10 ? v.toFixed(1) : Math.round(v).toString());

/**
 * "Qwen3 · 1.7B parameters · context 32,768 · apache-2.0 · Qwen/Qwen3-1.7B · GPU memory at 1,024 tokens: full 28 GiB,
 * LoRA 5.8 GiB, QLoRA 3.5 GiB"; a CPU preset says where it comes from instead of a licence and GPU memory.
 */
export function describeModel(m: BaseModel): string {
  const family = m.family === "qwen3" ? "Qwen3" : "Llama";
  const head = `${family} · ${formatParameters(m.parameters)} parameters · context ${m.contextLength.toLocaleString("en")}`;
  if (m.source.kind === "preset") return `${head} · built and pretrained on this machine; trains on a CPU in minutes`;
  const memory = m.methods
    .map((method) => {
      const name = method === "full" ? "full" : method === "lora" ? "LoRA" : "QLoRA";
      return `${name} ${gib(memoryNeededGiB(m, { method, sequenceLength: MEMORY_SEQUENCE }))} GiB`;
    })
    .join(", ");
  return `${head} · ${m.licence} · ${m.source.hubId} · GPU memory at ${MEMORY_SEQUENCE.toLocaleString("en")} tokens: ${memory}`;
}

/** A catalogue model the goal asks for that is not the one picked; null when the goal names none or agrees. */
export function offeredModel(spec: RequirementSpec, picked: string): BaseModel | null {
  const requested = spec.baseModel.requested;
  const m = requested ? findBaseModel(requested) : undefined;
  return m && !sameBaseModel(m.id, picked) ? m : null;
}
