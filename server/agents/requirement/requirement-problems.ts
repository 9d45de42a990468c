/**
 * What in an analysed goal needs the user's confirmation before anything starts: contradictions (two metrics,
 * LoRA only and full only, a size cap below the named model), impossible budgets (below one run, above the
 * limits), a goal too short to read, in a language the rules do not read, or with instructions to the agent.
 * Each is one plain sentence. Pure.
 */
import { budgetSchema } from "../../domain/explorations/exploration-input.ts";
import { parametersOfModel } from "../../domain/requirements/model-size.ts";
import type { Comparison, HardConstraints, StatedBudget } from "../../domain/requirements/requirement-spec.ts";
import { formatParameters, formatSeconds } from "../../domain/requirements/units.ts";
import { trainingConfigSchema } from "../../contract/job-protocol.ts";
import { estimateSeconds, learnCostModel } from "../executor/compute-estimate.ts";

/** The languages the rules read; others need a language model. */
export const RULE_LANGUAGES = ["en", "zh", "mixed", "unknown"];
const LANGUAGE_NAMES: Record<string, string> = {
  ru: "Russian",
  de: "German",
  fr: "French",
  es: "Spanish",
  pt: "Portuguese",
  ja: "Japanese",
  ko: "Korean",
  ar: "Arabic",
  he: "Hebrew",
  hi: "Hindi",
  el: "Greek",
  th: "Thai",
};

/** The smallest exploration that trains anything: the baseline's evaluation and one short run (100 steps). */
export function oneRunComputeSeconds(): number {
  const model = learnCostModel([]);
  const shortRun = trainingConfigSchema.parse({ steps: 100, batchSize: 32, learningRate: 3e-3 });
  return Math.ceil(model.overheadSeconds + estimateSeconds(model, shortRun));
}

const FIELD_WORDS: Record<StatedBudget["field"], string> = {
  rounds: "rounds",
  trainingRuns: "training runs",
  computeSeconds: "compute-seconds",
  wallSeconds: "seconds of wall time",
  tokens: "tokens",
};

export function budgetProblems(
  budgets: readonly StatedBudget[],
  constraints: HardConstraints,
  compare: Comparison | null,
): string[] {
  const out: string[] = [];
  const oneRun = oneRunComputeSeconds();
  for (const b of budgets) {
    if (b.field === "trainingRuns" && b.value < 1) {
      out.push(`"${b.written}" leaves no training run: the exploration needs at least one.`);
      continue;
    }
    if (b.field === "computeSeconds" && b.value < oneRun) {
      out.push(
        `"${b.written}" is ${formatSeconds(b.value)} of compute, below one training run (about ${oneRun} s with the baseline).`,
      );
      continue;
    }
    const check = budgetSchema.shape[b.field].safeParse(b.value);
    if (!check.success)
      out.push(
        `"${b.written}" is ${b.value.toLocaleString("en")} ${FIELD_WORDS[b.field]}, which cannot be used: ${check.error.issues[0]?.message ?? "out of range"}.`,
      );
  }
  const runs = budgets.find((b) => b.field === "trainingRuns");
  if (compare && runs && runs.value < compare.arms.length)
    out.push(
      `Comparing ${compare.arms.join(" and ")} needs at least ${compare.arms.length} training runs; "${runs.written}" allows ${runs.value}.`,
    );
  const wall = budgets.find((b) => b.field === "wallSeconds");
  if (wall && constraints.perRunSeconds !== null && constraints.perRunSeconds > wall.value) {
    out.push(
      `One run may take ${formatSeconds(constraints.perRunSeconds)}, longer than the whole exploration's "${wall.written}".`,
    );
  }
  if (constraints.maxTrainingSamples === 0) out.push("A limit of 0 training samples leaves nothing to train on.");
  return out;
}

export function sizeProblems(cap: number | null, models: readonly string[]): string[] {
  if (cap === null) return [];
  return models.flatMap((m) => {
    const n = parametersOfModel(m);
    return n !== null && n > cap
      ? [`The goal names ${m} (${formatParameters(n)} parameters) but caps the base model at ${formatParameters(cap)}.`]
      : [];
  });
}

export function readabilityProblems(text: string, language: string, withModel: boolean): string[] {
  const latinWords = (text.match(/[\p{Script=Latin}\d][\p{Script=Latin}\d'-]*/gu) ?? []).length;
  const cjk = (text.match(/[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]/g) ?? []).length;
  const other = (text.match(/[\p{L}]+/gu) ?? []).length;
  if (text.trim().length < 12 || (latinWords < 3 && cjk < 6 && other < 3)) {
    return [
      `The goal is too short to analyse (${text.trim().length} characters): say what the model should do, on which data, and how success is measured.`,
    ];
  }
  if (!withModel && !RULE_LANGUAGES.includes(language)) {
    const name = LANGUAGE_NAMES[language] ?? language;
    return [
      `The goal is in ${name}; without a language model the rules read English and Chinese only, so the analysis below may miss what it asks. Configure a model (TREX_LLM_PROVIDER), write the goal in English or Chinese, or confirm.`,
    ];
  }
  return [];
}

export function injectionProblem(flags: readonly string[]): string[] {
  return flags.length > 0
    ? [
        `The goal contains instructions to the agents (${flags.join("; ")}). They are treated as data and never followed; confirm that this is the goal you mean.`,
      ]
    : [];
}
