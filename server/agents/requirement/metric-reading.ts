/** The metrics a goal names, in English and Chinese; two joined ones ("accuracy and macro-F1") are a contradiction. Pure. */

export interface MetricMention {
  name: string;
  direction: "higher" | "lower";
  index: number;
  end: number;
}

const METRIC_RULES: [string, "higher" | "lower", RegExp][] = [
  ["macro-F1", "higher", /macro[- ]?f1|macro[- ]?averaged f\S*|宏平均\s*F1|宏\s*F1/gi],
  ["micro-F1", "higher", /micro[- ]?f1|微平均\s*F1/gi],
  ["exact match", "higher", /exact[- ]?match|\bEM\b|精确匹配|完全匹配|完全一致/g],
  ["ROUGE-L", "higher", /rouge[- ]?l\b/gi],
  ["ROUGE-1", "higher", /rouge(?:[- ]?1)?(?![- ]?[l2])\b/gi],
  ["BLEU", "higher", /\bbleu\b/gi],
  ["F1", "higher", /(?<!macro[- ]?|micro[- ]?|宏平均\s*|宏\s*|微平均\s*)\bf1\b|f-score|F1\s*值|F1\s*分数/gi],
  ["accuracy", "higher", /accura\w*|准确率|准确度|正确率|точност\w*|genauigkeit|précision|precisión/gi],
  ["perplexity", "lower", /perplexity|困惑度/gi],
  ["loss", "lower", /\b(?:validation|eval) loss\b/gi],
  ["error rate", "lower", /error rate|\bWER\b|\bCER\b|错误率/g],
  ["mean absolute error", "lower", /\bMAE\b|mean absolute error/g],
  ["latency", "lower", /latency|延迟/gi],
];

/** Every metric mention, in the order of the text. */
export function metricMentions(text: string): MetricMention[] {
  const out: MetricMention[] = [];
  for (const [name, direction, re] of METRIC_RULES)
    for (const m of text.matchAll(re)) out.push({ name, direction, index: m.index, end: m.index + m[0].length });
  return out.sort((a, b) => a.index - b.index);
}

/** The metric a goal asks for first (by rule priority, as before: the more specific name wins). */
export function askedMetric(text: string): { name: string; direction: "higher" | "lower" } | null {
  for (const [name, direction, re] of METRIC_RULES) {
    re.lastIndex = 0;
    if (re.test(text)) {
      re.lastIndex = 0;
      return { name, direction };
    }
  }
  return null;
}

const JOIN =
  /^\s*(?:,?\s*(?:and|&|plus|as well as|or|and also)\s+(?:the\s+|on\s+)?|\s*[,+/、和与及或]\s*|\s*以及\s*|\s*还有\s*)$/i;

/** Two different metrics written as joint objectives: "accuracy and macro-F1", "BLEU 和 ROUGE-L". */
export function jointMetrics(text: string): [string, string] | null {
  const mentions = metricMentions(text);
  for (let i = 1; i < mentions.length; i++) {
    const a = mentions[i - 1];
    const b = mentions[i];
    if (!a || !b || a.name === b.name) continue;
    if (JOIN.test(text.slice(a.end, b.index))) return [a.name, b.name];
  }
  return null;
}

/** Whether a task measured by `taskMetric` answers a goal that asks for `asked`. */
export function metricFits(asked: string, taskMetric: string): boolean {
  const t = taskMetric.toLowerCase();
  const a = asked.toLowerCase();
  if (t.includes(a)) return true;
  // an accuracy of exact answers is an exact match, and the other way round
  if ((a === "accuracy" || a === "exact match") && /accura|exact/.test(t)) return true;
  if (a === "f1" && t.includes("f1")) return true;
  return false;
}
