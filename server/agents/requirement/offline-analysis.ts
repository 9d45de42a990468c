/**
 * Rule-based requirement analysis: goal text (any language, any length, possibly hostile) → structured
 * spec. It only reads the text: nothing in it is executed or obeyed; instruction-like passages become flags.
 * Pure and fast on 100k characters (every pattern is linear and applied to a bounded prefix).
 */
import { findTask, type TaskInfo } from "../../domain/tasks/task-registry.ts";
import { sameBaseModel } from "../../contract/base-models.ts";
import type {
  AnalysisHints,
  Comparison,
  RequirementSpec,
  SpecTaskType,
  StatedBudget,
} from "../../domain/requirements/requirement-spec.ts";
import { injectionFlags, neutralise } from "../llm/prompt-safety.ts";
import { extractBudgets } from "./budget-extraction.ts";
import {
  comparisonOf,
  gpuMemoryOf,
  methodOf,
  type MethodReading,
  namedModels,
  notesOf,
  noTestSplitOf,
  outputFormatOf,
  sizeCapOf,
} from "./constraint-extraction.ts";
import { askedMetric, jointMetrics, metricFits } from "./metric-reading.ts";
import { budgetProblems, injectionProblem, readabilityProblems, sizeProblems } from "./requirement-problems.ts";
import { readTask, type TaskReading } from "./task-inference.ts";

/** Longer goals are analysed on this prefix (and flagged); the exploration form caps goals at 20k anyway. */
export const ANALYSIS_MAX_CHARS = 20_000;

const SCRIPTS: [string, RegExp][] = [
  ["ja", /[\u3040-\u30ff]/g],
  ["zh", /[\u4e00-\u9fff]/g],
  ["ko", /[\uac00-\ud7af]/g],
  ["ru", /[\u0400-\u04ff]/g],
  ["ar", /[\u0600-\u06ff]/g],
  ["he", /[\u0590-\u05ff]/g],
  ["hi", /[\u0900-\u097f]/g],
  ["el", /[\u0370-\u03ff]/g],
  ["th", /[\u0e00-\u0e7f]/g],
];
const LATIN_STOPWORDS: [string, RegExp][] = [
  ["de", /\b(und|der|die|das|nicht|mit|für|ein|eine)\b/gi],
  ["fr", /\b(le|la|les|et|des|pour|une|avec|est)\b/gi],
  ["es", /\b(el|los|las|y|para|una|con|que|del)\b/gi],
  ["pt", /\b(o|os|as|e|para|uma|com|não|do)\b/gi],
  [
    "en",
    /\b(the|and|to|of|for|with|a|an|as|or|is|it|on|at|in|into|by|be|make|most|least|from|that|should|only|model|train|use)\b/gi,
  ],
];

export function detectLanguage(text: string): string {
  const sample = text.slice(0, 4000);
  const letters = (sample.match(/\p{L}/gu) ?? []).length || 1;
  const scripts = SCRIPTS.map(([code, re]) => [code, (sample.match(re) ?? []).length / letters] as const).filter(
    ([, share]) => share > 0.15,
  );
  const latin = (sample.match(/[A-Za-z\u00c0-\u024f]/g) ?? []).length / letters;
  if (scripts.some(([c]) => c === "ja")) return latin > 0.3 ? "mixed" : "ja";
  if (scripts.length > 0) return scripts.length > 1 || latin > 0.3 ? "mixed" : (scripts[0]?.[0] ?? "unknown");
  // a few shared short words ("as", "e", "a") must not turn an English goal Portuguese: another language needs a clear lead
  const count = (re: RegExp) => (sample.match(re) ?? []).length;
  const english = count(LATIN_STOPWORDS.find(([c]) => c === "en")?.[1] ?? /$^/);
  let best = english > 0 ? "en" : "unknown";
  let bestCount = english;
  for (const [code, re] of LATIN_STOPWORDS) {
    if (code === "en") continue;
    const n = count(re);
    if (n >= 2 && n > bestCount * 1.5 && n > bestCount) [best, bestCount] = [code, n];
  }
  return best;
}

const TASK_TYPE_RULES: [SpecTaskType, RegExp][] = [
  ["multilabel", /multi-?label|several labels|set of (labels|categories|hallmarks)|hallmarks|多标签|多標籤/i],
  [
    "structured",
    /\bjson\b|tool[- ]?call|function[- ]?call|structured output|\bschema\b|\bapi call|工具调用|函数调用|排序|\border(?:ing)? (?:the )?events/i,
  ],
  ["numeric", /percent|percentage|numeric|number|calculat|arithmetic|revenue|\bratio\b|百分比|数值|计算|процент/i],
  ["qa", /question[- ]answer|\bQA\b|multiple[- ]choice|问答|选择题/i],
  [
    "generation",
    /summari[sz]|generat|translat|rewrite|clinical note|soap note|write (a|the)|dialogue|\bROUGE|\bBLEU|摘要|生成|翻译|病历/i,
  ],
  [
    "classification",
    /classif|sentiment|categori[sz]|\blabel|positive|negative|spam|intent|分类|情感|классиф|clasific|klassifi/i,
  ],
];

function successOf(text: string, metric: string): RequirementSpec["successCriterion"] {
  const improve =
    /(?:improve\w*|gain|raise|increase)\s+(?:\w+\s+){0,6}?by\s+(\d+(?:\.\d+)?)\s*(points|pp|%|percentage points)?|\+(\d+(?:\.\d+)?)\s*(points|pp|%)/i.exec(
      text,
    );
  if (improve) {
    const v = Number(improve[1] ?? improve[3]);
    return {
      kind: "improvement",
      threshold: v > 1 ? v / 100 : v,
      text: `improve ${metric} by ${improve[0].replace(/^\D*/, "")} over the baseline`,
    };
  }
  const target =
    /(?:at least|≥|>=|reach(?:es|ing)?|above|over|exceed\w*|target(?: of)?|达到|至少)\s*(\d+(?:\.\d+)?)(?![\d.]*\s*(?:rounds?|runs?|experiments?|hours?|h\b|days?|minutes?|mins?|gpu|samples|examples|rows|tokens|steps|param|[kKmMbB]\b|轮|次|小时|天|分钟|条|个))\s*(%|percent|points)?/i.exec(
      text,
    );
  if (target?.[1]) {
    const v = Number(target[1]);
    const threshold = target[2] || v > 1 ? v / 100 : v;
    if (threshold > 0 && threshold <= 1)
      return { kind: "threshold", threshold, text: `${metric} of at least ${threshold}` };
  }
  return { kind: "beat_baseline", threshold: null, text: `${metric} clearly above the untouched base model` };
}

function summaryOf(text: string, taskType: SpecTaskType, metric: string): string {
  const first =
    neutralise(text)
      .replace(/\s+/g, " ")
      .trim()
      .split(/(?<=[.!?。！？])\s/)[0] ?? "";
  const clipped = first.length > 240 ? `${first.slice(0, 240)}…` : first;
  return `${clipped} (${taskType}; ${metric})`;
}

/** The task chosen in the form, if any: resolved, or looked up in the registry. */
export function taskOfHints(hints: AnalysisHints): TaskInfo | undefined {
  return hints.task ?? (hints.taskId ? findTask(hints.taskId) : undefined);
}

/** What the rules (or, checked, a model) read in a goal; `specOf` turns it into the structured requirement. */
export interface GoalReading {
  goal: string;
  text: string;
  hints: AnalysisHints;
  language: string;
  task: TaskReading;
  guessedType: SpecTaskType;
  asked: { name: string; direction: "higher" | "lower" } | null;
  joint: [string, string] | null;
  models: string[];
  method: MethodReading;
  budgets: StatedBudget[];
  perRunSeconds: number | null;
  maxTrainingSamples: number | null;
  maxParameters: number | null;
  compare: Comparison | null;
  noTestSplit: boolean;
  outputFormat: string | null;
  gpuMemoryGb: number | null;
  notes: string[];
  /** what a model noticed or where it disagreed with the rules */
  extraFlags: string[];
}

export function readGoalByRules(goal: string, hints: AnalysisHints = {}): GoalReading {
  const text = goal.slice(0, ANALYSIS_MAX_CHARS);
  const models = namedModels(text);
  const method = methodOf(text);
  const extracted = extractBudgets(text);
  return {
    goal,
    text,
    hints,
    language: detectLanguage(text),
    task: readTask(text, taskOfHints(hints), hints.datasets),
    guessedType: TASK_TYPE_RULES.find(([, re]) => re.test(text))?.[0] ?? "unknown",
    asked: askedMetric(text),
    joint: jointMetrics(text),
    models,
    method,
    ...extracted,
    maxParameters: sizeCapOf(text),
    compare: comparisonOf(text, method.method, models),
    noTestSplit: noTestSplitOf(text),
    outputFormat: outputFormatOf(text),
    gpuMemoryGb: gpuMemoryOf(text),
    notes: notesOf(text),
    extraFlags: [],
  };
}

function knownTask(id: string, hints: AnalysisHints): TaskInfo | undefined {
  const picked = taskOfHints(hints);
  return findTask(id) ?? hints.datasets?.find((d) => d.id === id) ?? (picked?.id === id ? picked : undefined);
}

/** `analysedBy`: who read the goal; with a model, any language is read. */
export function specOf(r: GoalReading, analysedBy = "offline rules", withModel = false): RequirementSpec {
  const { goal, text, hints } = r;
  const truncated = goal.length > ANALYSIS_MAX_CHARS;
  const picked = taskOfHints(hints);
  const goalTask = r.task.goalTask ? knownTask(r.task.goalTask.id, hints) : undefined;
  // the picked task decides what runs and is measured; without one, the task the goal points at
  const task = picked ?? goalTask;
  const taskType: SpecTaskType = task?.kind ?? r.guessedType;
  const metric = task
    ? { name: task.metric, direction: task.direction }
    : (r.asked ?? { name: "task score", direction: "higher" as const });
  const requested = r.models[0] ?? null;
  const constraints = {
    method: r.method.method,
    maxParameters: r.maxParameters,
    maxTrainingSamples: r.maxTrainingSamples,
    perRunSeconds: r.perRunSeconds,
    noTestSplit: r.noTestSplit,
    outputFormat: r.outputFormat,
    gpuHours: ((b) => (b && /gpu|卡|h100|h200|a100/i.test(b.written) ? b.value / 3600 : null))(
      r.budgets.find((b) => b.field === "computeSeconds"),
    ),
    wallHours: ((b) => (b ? b.value / 3600 : null))(r.budgets.find((b) => b.field === "wallSeconds")),
    gpuMemoryGb: r.gpuMemoryGb,
    notes: r.notes,
  };

  const injection = injectionFlags(goal);
  const flags = injection.map((f) => `the goal ${f}; it was treated as data and not followed`);
  if (truncated)
    flags.push(`the goal is ${goal.length} characters long; the first ${ANALYSIS_MAX_CHARS} were analysed`);
  if (requested && hints.baseModel && !sameBaseModel(requested, hints.baseModel))
    flags.push(`the goal names ${requested}; this exploration trains ${hints.baseModel}`);
  flags.push(...r.extraFlags);

  const problems: string[] = [...readabilityProblems(text, r.language, withModel)];
  if (r.task.problem) problems.push(r.task.problem);
  if (r.method.contradiction)
    problems.push(
      `${r.method.contradiction[0]?.toUpperCase() ?? ""}${r.method.contradiction.slice(1)}: choose one method.`,
    );
  const measuredBy = goalTask ?? task;
  if (
    r.joint &&
    !(measuredBy && metricFits(r.joint[0], measuredBy.metric) && metricFits(r.joint[1], measuredBy.metric))
  ) {
    problems.push(
      `The goal asks for two metrics (${r.joint[0]} and ${r.joint[1]}); an exploration optimises one${task ? `, here ${task.metric}` : ""}.`,
    );
  } else if (r.asked && measuredBy && !metricFits(r.asked.name, measuredBy.metric)) {
    problems.push(`The goal asks for ${r.asked.name}, but ${measuredBy.id} is measured by ${measuredBy.metric}.`);
  }
  problems.push(...sizeProblems(r.maxParameters, [...r.models, ...(hints.baseModel ? [hints.baseModel] : [])]));
  problems.push(...budgetProblems(r.budgets, constraints, r.compare));
  problems.push(...injectionProblem(injection));

  return {
    summary: summaryOf(text, taskType, metric.name),
    language: r.language,
    taskType,
    taskId: task?.id ?? null,
    goalTask: r.task.goalTask,
    domain: task?.mirrors ?? null,
    metric,
    baseModel: { requested, used: hints.baseModel ?? requested ?? "unspecified" },
    constraints,
    budgets: r.budgets,
    compare: r.compare,
    successCriterion: successOf(text, metric.name),
    flags: [...new Set(flags)].slice(0, 20),
    problems: [...new Set(problems)].slice(0, 20),
    analysedBy,
    goalChars: goal.length,
    truncated,
  };
}

export function analyseOffline(goal: string, hints: AnalysisHints = {}): RequirementSpec {
  return specOf(readGoalByRules(goal, hints));
}
