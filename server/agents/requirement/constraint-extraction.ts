/**
 * The hard constraints a goal states, read by rules: the training method ("LoRA only", "full only", "try both"),
 * the base models it names and a size cap ("under 1B parameters"), "never touch the test split", the output
 * format, and what it asks to compare. Pure; every pattern is bounded.
 */
import type { Comparison, MethodConstraint } from "../../domain/requirements/requirement-spec.ts";
import { parametersOf } from "../../domain/requirements/units.ts";

const LORA = String.raw`(?:\bq?lora\b|\bpeft\b|\badapters?\b|\bparameter[- ]efficient\b|低秩|参数高效)`;
const FULL = String.raw`(?:\bfull(?:[- ]parameter)?[- ]?(?:fine[- ]?tun\w*|finetun\w*|ft\b|training|weights)|\bfull[- ]parameter\b|\bfull\b(?=\s+(?:only|and|or|vs|versus)\b)|全参数|全量)`;
const NEGATION = String.raw`(?:\bno\b|\bnot\b|\bnever\b|\bwithout\b|\bavoid\b|\bdon'?t\b(?:\s+use)?|\bdo not\b(?:\s+use)?|不要|不用|不能|禁止|避免)`;
const COMPARE =
  /\bcompar\w*|\bversus\b|\bvs\.?(?=\s)|\bwhich\s+(?:one\s+|method\s+|model\s+)?(?:is|works|does|performs)\s+better\b|\bboth\b|\bhead[- ]to[- ]head\b|\bside by side\b|对比|比较|哪个更好|哪种更好|孰优/i;
const PER_GPU_HOUR =
  /per\s+gpu[- ]?hours?|per\s+(?:hour of\s+)?compute|cost[- ]effective|per\s+(?:dollar|unit of compute)|每\s*GPU\s*小时|性价比/i;

export const BASE_MODEL =
  /\b(?:qwen|llama|mistral|mixtral|gemma|phi|deepseek|falcon|gpt-?2|t5|flan-t5|bert|roberta|olmo|smollm|tinyllama|yi|baichuan|chatglm|internlm)[\w.\-/]*(?:[\s-]\d+(?:\.\d+)?[bBmM]\b)?|\btiny-(?:small|base|large)\b/gi;

const has = (text: string, pattern: string) => new RegExp(pattern, "i").test(text);
/** every mention of `what` is preceded closely by a negation */
function onlyNegated(text: string, what: string): boolean {
  const all = [...text.matchAll(new RegExp(what, "gi"))].length;
  const negated = [...text.matchAll(new RegExp(`${NEGATION}[^.;,\\n]{0,24}?${what}`, "gi"))].length;
  return all > 0 && negated >= all;
}
const onlyOf = (text: string, what: string) =>
  has(
    text,
    `${what}\\s*(?:-|\\()?\\s*only\\b|\\bonly\\s+(?:use\\s+|with\\s+|via\\s+)?${what}|\\bjust\\s+${what}|\\bexclusively\\s+${what}|(?:只|仅)(?:用|使用|做|允许)?\\s*${what}`,
  );

export interface MethodReading {
  method: MethodConstraint;
  /** "LoRA only and full fine-tuning only" */
  contradiction: string | null;
}

export function methodOf(text: string): MethodReading {
  const loraSaid = has(text, LORA);
  const fullSaid = has(text, FULL);
  const loraNo = loraSaid && onlyNegated(text, LORA);
  const fullNo = fullSaid && onlyNegated(text, FULL);
  const lora = loraSaid && !loraNo;
  const full = fullSaid && !fullNo;
  const loraOnly = lora && onlyOf(text, LORA);
  const fullOnly = full && onlyOf(text, FULL);
  if ((loraOnly && fullOnly) || (loraNo && fullNo)) {
    return {
      method: "any",
      contradiction:
        loraNo && fullNo
          ? "the goal rules out both LoRA and full fine-tuning"
          : "the goal asks for LoRA only and for full fine-tuning only",
    };
  }
  if (lora && full) return { method: loraOnly ? "lora" : fullOnly ? "full" : "compare", contradiction: null };
  if (lora || (fullNo && !lora)) return { method: "lora", contradiction: null };
  if (full || loraNo) return { method: "full", contradiction: null };
  return { method: "any", contradiction: null };
}

/** The base models a goal names, in order, without repeats. */
export function namedModels(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(BASE_MODEL)) {
    const name = m[0].trim().replace(/[.,;:]+$/, "");
    if (!out.some((o) => o.toLowerCase() === name.toLowerCase())) out.push(name);
  }
  return out.slice(0, 4);
}

const CAP_WORDS = String.raw`(?:under|below|less than|smaller than|fewer than|at most|no more than|no larger than|no bigger than|not (?:more|larger|bigger) than|max(?:imum)?(?: of)?|up to|within|≤|<=?|不超过|小于|低于|至多|最多|不大于)`;
const NOT_PARAMS = String.raw`(?!\s*(?:rows|samples|examples|tokens|steps|records|条|样本|token))`;

/** "under 1B parameters", "at most 500M params", "a sub-1B model", "1.5B or smaller", "不超过1B参数" → parameters. */
export function sizeCapOf(text: string): number | null {
  const patterns = [
    new RegExp(String.raw`${CAP_WORDS}\s*(\d+(?:\.\d+)?\s*(?:b|billion|m|million))\b${NOT_PARAMS}`, "i"),
    new RegExp(String.raw`\bsub-?(\d+(?:\.\d+)?\s*(?:b|m))\b`, "i"),
    new RegExp(
      String.raw`(\d+(?:\.\d+)?\s*(?:b|billion|m|million))\s*(?:param\w*|参数)?\s*(?:or (?:smaller|less|fewer)|max\b|以内|以下|或更小)`,
      "i",
    ),
  ];
  for (const re of patterns) {
    const m = re.exec(text);
    if (m?.[1]) return parametersOf(m[1]);
  }
  return null;
}

export function noTestSplitOf(text: string): boolean {
  return (
    new RegExp(String.raw`${NEGATION}[^.;\n]{0,40}?\btest(?:ing)?[- ]?(?:split|set|data)\b`, "i").test(text) ||
    /\btest[- ](?:split|set)\b[^.;\n]{0,20}?\b(?:off[- ]limits|untouched|sealed|held[- ]out|never)\b|\bkeep the test (?:split|set) (?:sealed|untouched|aside)/i.test(
      text,
    ) ||
    /(?:不|禁止|避免)[^。；\n]{0,8}?测试集|测试集[^。；\n]{0,8}?(?:不|禁止)/.test(text)
  );
}

const FORMATS: [string, RegExp][] = [
  ["JSON", /\bjson\b|JSON\s*格式/i],
  ["SMILES", /\bSMILES\b/],
  [
    "a number only",
    /\bnumber only\b|\bonly (?:a|the) number\b|\bsingle number\b|\bnumeric answer\b|只输出数字|仅输出数字/i,
  ],
  [
    "an option letter",
    /\bletter of the (?:right |correct )?option\b|\bsingle letter\b|\banswer letter\b|\bwith the letter\b|选项字母/i,
  ],
  ["a comma-separated list", /\bcomma[- ]separated\b|逗号分隔/i],
  ["the label only", /\bonly the label\b|\bjust the label\b|\bone word\b|\bsingle word\b/i],
];

export function outputFormatOf(text: string): string | null {
  return FORMATS.find(([, re]) => re.test(text))?.[0] ?? null;
}

/** What the goal asks to compare: the two methods, or two or more named base models. */
export function comparisonOf(text: string, method: MethodConstraint, models: readonly string[]): Comparison | null {
  const per = PER_GPU_HOUR.test(text) ? "gpu-hour" : "score";
  if (method === "compare") return { kind: "method", arms: ["full", "lora"], per };
  if (models.length >= 2 && COMPARE.test(text)) return { kind: "model", arms: [...models], per };
  return null;
}

export function gpuMemoryOf(text: string): number | null {
  const m =
    /(\d+(?:[.,]\d+)?)\s*(?:GB|GiB)\b[^.\n]{0,30}?(?:memory|VRAM|GPU)|(?:memory|VRAM|GPU)[^.\n]{0,30}?(\d+(?:[.,]\d+)?)\s*(?:GB|GiB)\b|(\d+)\s*G\s*显存|显存[^。\n]{0,6}?(\d+)\s*G/i.exec(
      text,
    );
  const v = m?.[1] ?? m?.[2] ?? m?.[3] ?? m?.[4];
  return v ? Number(v.replace(",", ".")) : null;
}

export function notesOf(text: string): string[] {
  const notes: string[] = [];
  if (/no (external|additional|extra|outside) data|only the (provided|given) data|不(?:使用|用)外部数据/i.test(text))
    notes.push("use only the provided data");
  if (/open[- ]source|open weights|permissive licen|开源/i.test(text)) notes.push("open models or data only");
  if (/on[- ]prem|no cloud|offline|air[- ]gapped|离线|本地部署/i.test(text))
    notes.push("must run without external services");
  return notes;
}
