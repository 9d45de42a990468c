/**
 * Rule-based requirement analysis: goal text (any language, any length, possibly hostile) → structured
 * spec. It only reads the text: nothing in it is executed or obeyed; instruction-like passages become flags.
 * Pure and fast on 100k characters (every pattern is linear and applied to a bounded prefix).
 */
import { findTask, MINI_TASKS, type TaskInfo } from "../../domain/tasks/task-registry.ts";
import { injectionFlags, neutralise } from "../llm/prompt-safety.ts";
import type { AnalysisHints, RequirementSpec, SpecTaskType } from "./requirement-spec.ts";

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
  ["en", /\b(the|and|to|of|for|with|a|is|on|at|in|into|by|be|make|most|least|from|that)\b/gi],
];

export function detectLanguage(text: string): string {
  const sample = text.slice(0, 4000);
  const letters = (sample.match(/\p{L}/gu) ?? []).length || 1;
  const scripts = SCRIPTS.map(([code, re]) => [code, (sample.match(re) ?? []).length / letters] as const).filter(([, share]) => share > 0.15);
  const latin = (sample.match(/[A-Za-z\u00c0-\u024f]/g) ?? []).length / letters;
  if (scripts.some(([c]) => c === "ja")) return latin > 0.3 ? "mixed" : "ja";
  if (scripts.length > 0) return scripts.length > 1 || latin > 0.3 ? "mixed" : (scripts[0]?.[0] ?? "unknown");
  let best = "unknown";
  let bestCount = 0;
  for (const [code, re] of LATIN_STOPWORDS) {
    const count = (sample.match(re) ?? []).length;
    if (count > bestCount) [best, bestCount] = [code, count];
  }
  return best;
}

const TASK_TYPE_RULES: [SpecTaskType, RegExp][] = [
  ["multilabel", /multi-?label|several labels|set of (labels|categories|hallmarks)|hallmarks|多标签|多標籤/i],
  ["structured", /\bjson\b|tool[- ]?call|function[- ]?call|structured output|\bschema\b|\bapi call|工具调用|函数调用/i],
  ["numeric", /percent|percentage|numeric|number|calculat|arithmetic|revenue|\bratio\b|百分比|数值|计算|процент/i],
  ["qa", /question[- ]answer|\bQA\b|multiple[- ]choice|问答|选择题/i],
  ["generation", /summari[sz]|generat|translat|rewrite|clinical note|write (a|the)|dialogue|\bROUGE|\bBLEU|摘要|生成|翻译/i],
  ["classification", /classif|sentiment|categori[sz]|\blabel|positive|negative|spam|intent|分类|情感|классиф|clasific|klassifi/i],
];

const METRIC_RULES: [string, "higher" | "lower", RegExp][] = [
  ["macro-F1", "higher", /macro[- ]?f1|macro[- ]?averaged f/i],
  ["micro-F1", "higher", /micro[- ]?f1/i],
  ["exact match", "higher", /exact[- ]?match|\bEM\b/i],
  ["ROUGE-L", "higher", /rouge[- ]?l\b/i],
  ["ROUGE-1", "higher", /rouge(?:[- ]?1)?\b/i],
  ["BLEU", "higher", /\bbleu\b/i],
  ["F1", "higher", /\bf1\b|f-score|f1值/i],
  ["accuracy", "higher", /accura|准确率|正确率|точност|genauigkeit|précision|precisión/i],
  ["perplexity", "lower", /perplexity/i],
  ["loss", "lower", /\b(validation|eval) loss\b/i],
  ["error rate", "lower", /error rate|\bWER\b|\bCER\b/i],
  ["mean absolute error", "lower", /\bMAE\b|mean absolute error/i],
  ["latency", "lower", /latency/i],
];

const BASE_MODEL = /\b(?:qwen|llama|mistral|mixtral|gemma|phi|deepseek|falcon|gpt-?2|t5|flan-t5|bert|roberta|olmo|smollm|tinyllama|yi|baichuan|chatglm|internlm)[\w.\-/]*(?:[\s-]\d+(?:\.\d+)?[bBmM]\b)?|\btiny-(?:small|base|large)\b/i;

const num = (s: string | undefined) => (s === undefined ? null : Number(s.replace(",", ".")));

function hoursOf(value: number, unit: string): number {
  const u = unit.toLowerCase();
  if (u.startsWith("m")) return value / 60;
  if (u.startsWith("d")) return value * 24;
  return value;
}

function constraintsOf(text: string): RequirementSpec["constraints"] {
  const gpu = /(\d+(?:[.,]\d+)?)\s*(?:gpu[- ]?hours?|gpu[- ]?h\b|gpu小时|GPU时)/i.exec(text);
  const wall = /(?:within|in under|under|at most|less than|no more than|max(?:imum)?|in)\s+(\d+(?:[.,]\d+)?)\s*(hours?|hrs?|h|minutes?|mins?|days?)\b(?![- ]?gpu)/i.exec(text);
  const samples = /(\d+(?:[.,]\d+)?)\s*(k|thousand|m|million)?\s*(?:training\s+)?(?:samples|examples|rows|instances)/i.exec(text);
  const memory = /(\d+(?:[.,]\d+)?)\s*(?:GB|GiB)\b[^.\n]{0,30}?(?:memory|VRAM|GPU)|(?:memory|VRAM|GPU)[^.\n]{0,30}?(\d+(?:[.,]\d+)?)\s*(?:GB|GiB)\b/i.exec(text);
  const scale = (unit: string | undefined) => (!unit ? 1 : /^k|thousand/i.test(unit) ? 1_000 : 1_000_000);
  const notes: string[] = [];
  if (/no (external|additional|extra|outside) data|only the (provided|given) data/i.test(text)) notes.push("use only the provided data");
  if (/open[- ]source|open weights|permissive licen/i.test(text)) notes.push("open models or data only");
  if (/on[- ]prem|no cloud|offline|air[- ]gapped/i.test(text)) notes.push("must run without external services");
  if (/\b(lora|qlora|peft|adapter)\b/i.test(text)) notes.push("parameter-efficient fine-tuning requested");
  return {
    gpuHours: num(gpu?.[1]),
    wallHours: wall?.[1] && wall[2] ? hoursOf(Number(wall[1].replace(",", ".")), wall[2]) : null,
    maxTrainingSamples: samples?.[1] ? Math.round(Number(samples[1].replace(",", ".")) * scale(samples[2])) : null,
    gpuMemoryGb: num(memory?.[1] ?? memory?.[2]),
    notes,
  };
}

function successOf(text: string, metric: string): RequirementSpec["successCriterion"] {
  const improve = /(?:improve\w*|gain|raise|increase)\s+(?:\w+\s+){0,6}?by\s+(\d+(?:\.\d+)?)\s*(points|pp|%|percentage points)?|\+(\d+(?:\.\d+)?)\s*(points|pp|%)/i.exec(text);
  if (improve) {
    const v = Number(improve[1] ?? improve[3]);
    return { kind: "improvement", threshold: v > 1 ? v / 100 : v, text: `improve ${metric} by ${improve[0].replace(/^\D*/, "")} over the baseline` };
  }
  const target = /(?:at least|≥|>=|reach(?:es|ing)?|above|over|exceed\w*|target(?: of)?|达到|至少)\s*(\d+(?:\.\d+)?)\s*(%|percent|points)?/i.exec(text);
  if (target?.[1]) {
    const v = Number(target[1]);
    const threshold = target[2] || v > 1 ? v / 100 : v;
    if (threshold > 0 && threshold <= 1) return { kind: "threshold", threshold, text: `${metric} of at least ${threshold}` };
  }
  return { kind: "beat_baseline", threshold: null, text: `${metric} clearly above the untouched base model` };
}

/** A task id anywhere, or the benchmark's name; short names only as written ("HoC", not the "hoc" of "ad hoc"). */
function recogniseTask(text: string): TaskInfo | undefined {
  return MINI_TASKS.find((t) => text.toLowerCase().includes(t.id) || new RegExp(`\\b${t.mirrors.replace(/[^\w]/g, ".?")}\\b`, t.mirrors.length <= 3 ? "" : "i").test(text));
}

function summaryOf(text: string, taskType: SpecTaskType, metric: string): string {
  const first = neutralise(text).replace(/\s+/g, " ").trim().split(/(?<=[.!?。！？])\s/)[0] ?? "";
  const clipped = first.length > 240 ? `${first.slice(0, 240)}…` : first;
  return `${clipped} (${taskType}; ${metric})`;
}

/** The task chosen in the form, if any: resolved, or looked up in the registry. */
export function taskOfHints(hints: AnalysisHints): TaskInfo | undefined {
  return hints.task ?? (hints.taskId ? findTask(hints.taskId) : undefined);
}

export function analyseOffline(goal: string, hints: AnalysisHints = {}): RequirementSpec {
  const truncated = goal.length > ANALYSIS_MAX_CHARS;
  const text = goal.slice(0, ANALYSIS_MAX_CHARS);
  const task = taskOfHints(hints) ?? recogniseTask(text);
  const guessedType = TASK_TYPE_RULES.find(([, re]) => re.test(text))?.[0] ?? "unknown";
  const taskType: SpecTaskType = task?.kind ?? guessedType;
  const asked = METRIC_RULES.find(([, , re]) => re.test(text));
  const metric = task ? { name: task.metric, direction: task.direction } : asked ? { name: asked[0], direction: asked[1] } : { name: "task score", direction: "higher" as const };
  const requested = BASE_MODEL.exec(text)?.[0]?.trim() ?? null;
  const flags = injectionFlags(goal).map((f) => `the goal ${f}; it was treated as data and not followed`);
  if (truncated) flags.push(`the goal is ${goal.length} characters long; the first ${ANALYSIS_MAX_CHARS} were analysed`);
  if (task && asked && !task.metric.toLowerCase().includes(asked[0].toLowerCase())) flags.push(`the goal mentions ${asked[0]}, but task ${task.id} is measured by ${task.metric}`);
  if (requested && hints.baseModel && requested.toLowerCase() !== hints.baseModel.toLowerCase()) flags.push(`the goal names ${requested}; this exploration trains ${hints.baseModel}`);
  return {
    summary: summaryOf(text, taskType, metric.name),
    language: detectLanguage(text),
    taskType,
    taskId: task?.id ?? null,
    domain: task?.mirrors ?? null,
    metric,
    baseModel: { requested, used: hints.baseModel ?? requested ?? "unspecified" },
    constraints: constraintsOf(text),
    successCriterion: successOf(text, metric.name),
    flags,
    analysedBy: "offline rules",
    goalChars: goal.length,
    truncated,
  };
}
