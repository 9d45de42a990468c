/**
 * The goal's hard constraints applied to one experiment: what the planner adjusts a plan to (the method)
 * and what plan review refuses a plan for (method, size cap, the test split), each as a sentence naming the
 * constraint. Pure.
 */
import { parametersOfModel } from "./model-size.ts";
import type { HardConstraints } from "./requirement-spec.ts";
import { formatParameters } from "./units.ts";

export interface ConstrainedExperiment {
  config: { method: string; baseModel: string; steps: number };
  /** the data sources its recipe loads */
  sources: readonly string[];
}

const isLora = (method: string) => method === "lora" || method === "qlora";

/** The hard constraint the experiment breaks, as a sentence; null when it meets them all. An evaluation (0 steps) trains nothing. */
export function brokenConstraint(e: ConstrainedExperiment, c: HardConstraints): string | null {
  if (c.noTestSplit && e.sources.includes("task:test"))
    return "the goal forbids the test split, and this plan loads it";
  if (e.config.steps === 0) return null;
  if (c.method === "lora" && !isLora(e.config.method))
    return `the goal allows LoRA only (parameter-efficient fine-tuning), and this plan trains with ${e.config.method} fine-tuning`;
  if (c.method === "full" && e.config.method !== "full")
    return `the goal allows full fine-tuning only, and this plan trains with ${e.config.method}`;
  if (c.maxParameters !== null) {
    const n = parametersOfModel(e.config.baseModel);
    if (n === null)
      return `the goal caps the base model at ${formatParameters(c.maxParameters)} parameters, and the size of "${e.config.baseModel.slice(0, 80)}" is unknown`;
    if (n > c.maxParameters)
      return `the goal caps the base model at ${formatParameters(c.maxParameters)} parameters, and ${e.config.baseModel} has ${formatParameters(n)}`;
  }
  return null;
}

/** The method a plan trains with under the constraint: LoRA only turns full fine-tuning into LoRA, full only the other way. */
export function constrainedMethod<M extends string>(method: M, c: HardConstraints): M | "lora" | "full" {
  if (c.method === "lora" && !isLora(method)) return "lora";
  if (c.method === "full" && method !== "full") return "full";
  return method;
}

/** The constraints as sentences for a planner's prompt. */
export function describeConstraints(c: HardConstraints): string[] {
  const out: string[] = [];
  if (c.method === "lora") out.push('method: LoRA only (config.method "lora" or "qlora"); never full fine-tuning');
  if (c.method === "full") out.push('method: full fine-tuning only (config.method "full")');
  if (c.method === "compare") out.push("the goal compares full fine-tuning and LoRA: keep both branches going");
  if (c.maxParameters !== null) out.push(`base model: at most ${formatParameters(c.maxParameters)} parameters`);
  if (c.maxTrainingSamples !== null) out.push(`at most ${c.maxTrainingSamples} training rows loaded per run`);
  if (c.perRunSeconds !== null) out.push(`one run may take at most ${c.perRunSeconds} s`);
  if (c.noTestSplit) out.push("never load the test split");
  if (c.outputFormat) out.push(`answers are written as ${c.outputFormat}`);
  return out;
}
