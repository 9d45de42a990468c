/**
 * Budgets as people write them in a goal — "8 GPU-hours", "two days", "at most 20 rounds", "12 runs",
 * "200k tokens", "每轮5万条样本" — converted onto the budget fields, plus the per-run time limit and the
 * samples per round. Pure and linear (bounded patterns over the analysed prefix).
 */
import {
  NUMBER,
  SCALE,
  numberOf,
  secondsPerTimeUnit,
  timeUnitName,
  UNIT_FIELD,
} from "../../domain/requirements/units.ts";
import type { StatedBudget } from "../../domain/requirements/requirement-spec.ts";

const NUM = `${NUMBER}${SCALE}`;
const LATIN_TIME_UNIT = String.raw`(weeks?|days?|hours?|hrs?|h|minutes?|mins?|seconds?|secs?)`;
const DEVICE = String.raw`(?:gpu|h100|h200|a100|v100|l4|l40s?|a10g?|cpu|compute|node|card|卡|显卡)s?`;
const RUN = String.raw`(?:training\s+|fine[- ]?tuning\s+)?(?:run|job|experiment|trial)`;

export interface ExtractedBudgets {
  budgets: StatedBudget[];
  perRunSeconds: number | null;
  maxTrainingSamples: number | null;
}

interface Hit {
  start: number;
  end: number;
}

/** Every match of `re` that does not overlap an earlier, more specific one. */
function* fresh(text: string, re: RegExp, taken: Hit[]): Generator<RegExpExecArray> {
  for (const m of text.matchAll(re)) {
    const hit = { start: m.index, end: m.index + m[0].length };
    if (taken.some((t) => hit.start < t.end && t.start < hit.end)) continue;
    taken.push(hit);
    yield m;
  }
}

const isArticle = (w: string | undefined) => /^(an?|half an?)$/i.test((w ?? "").trim());

export function extractBudgets(text: string): ExtractedBudgets {
  const taken: Hit[] = [];
  const budgets: StatedBudget[] = [];
  const add = (field: StatedBudget["field"], value: number, written: string) => {
    if (!budgets.some((b) => b.field === field))
      budgets.push({ field, value: Math.round(value), written: written.trim().slice(0, 120) });
  };
  let perRunSeconds: number | null = null;
  let maxTrainingSamples: number | null = null;

  // compute: "8 GPU-hours", "2 GPU days", "600 compute-seconds", "8个GPU小时", "10卡时", "8 hours of GPU time"
  const compute = [
    new RegExp(String.raw`${NUM}\s*(?:x\s*)?[- ]?${DEVICE}[- ]?${LATIN_TIME_UNIT}\b`, "gi"),
    new RegExp(String.raw`${NUM}\s*(?:个)?\s*(?:GPU|卡|显卡)\s*(小时|时|天|分钟)`, "gi"),
    new RegExp(String.raw`${NUM}\s*${LATIN_TIME_UNIT}\s+(?:of\s+)?(?:gpu|compute|accelerator)(?:\s+time)?\b`, "gi"),
    new RegExp(String.raw`(?:gpu|compute)(?:\s+time)?\s+budget\s*(?:of|is|:|=)?\s*${NUM}\s*${LATIN_TIME_UNIT}\b`, "gi"),
  ];
  for (const re of compute) {
    for (const m of fresh(text, re, taken)) {
      const n = numberOf(m[1] ?? "", m[2]);
      const unitSeconds = secondsPerTimeUnit((m[3] ?? "").replace(/^时$/, "小时"));
      if (n === null || unitSeconds === null) continue;
      const unit = UNIT_FIELD[timeUnitName(unitSeconds, true)];
      add(unit.field, n * unitSeconds, m[0]);
    }
  }

  // one run's time limit: "keep each run under two minutes", "10 minutes per run", "每次训练不超过5分钟"
  const perRun = [
    new RegExp(
      String.raw`\b(?:each|every|per|a single|one|any)\s+${RUN}s?\b[^.;\n]{0,30}?${NUM}\s*${LATIN_TIME_UNIT}\b`,
      "gi",
    ),
    new RegExp(String.raw`${NUM}\s*${LATIN_TIME_UNIT}\s+(?:per|each|for each|a|every)\s+${RUN}\b`, "gi"),
    new RegExp(
      String.raw`(?:每次|每个|单次|每轮)(?:训练|实验|运行)?[^。；，,\n]{0,12}?${NUM}\s*(?:个)?\s*(分钟|小时|秒)`,
      "gi",
    ),
  ];
  for (const re of perRun) {
    for (const m of fresh(text, re, taken)) {
      const n = numberOf(m[1] ?? "", m[2]);
      const unitSeconds = secondsPerTimeUnit(m[3] ?? "");
      if (n !== null && unitSeconds !== null && perRunSeconds === null) perRunSeconds = n * unitSeconds;
    }
  }

  // samples per round: "50k samples per round", "at most 50,000 training examples", "每轮5万条样本"
  const samples = [
    new RegExp(
      String.raw`${NUM}\s*(?:training\s+)?(?:samples|examples|rows|instances|data points|sentences|pairs)\b`,
      "gi",
    ),
    new RegExp(String.raw`${NUM}\s*(?:条|个)\s*(?:训练)?(?:样本|数据|例子|示例)`, "gi"),
  ];
  for (const re of samples) {
    for (const m of fresh(text, re, taken)) {
      const n = numberOf(m[1] ?? "", m[2]);
      if (n !== null && !isArticle(m[1]) && maxTrainingSamples === null) maxTrainingSamples = Math.round(n);
    }
  }

  const counted: [StatedBudget["field"], RegExp[]][] = [
    [
      "trainingRuns",
      [
        new RegExp(
          String.raw`${NUM}\s*${RUN}s\b|${NUM}\s*${RUN}\b(?!\s*(?:under|below|of|for|at|in|with|budget))`,
          "gi",
        ),
        new RegExp(String.raw`${NUM}\s*(?:次|个)\s*(?:训练|实验|运行)`, "gi"),
      ],
    ],
    [
      "rounds",
      [
        new RegExp(String.raw`${NUM}\s*(?:search\s+)?(?:rounds?|expansions?|search iterations?)\b`, "gi"),
        new RegExp(String.raw`${NUM}\s*轮`, "gi"),
      ],
    ],
    [
      "tokens",
      [
        new RegExp(String.raw`${NUM}\s*(?:llm\s+|model\s+|agent\s+|api\s+|language[- ]model\s+)?tokens?\b`, "gi"),
        new RegExp(String.raw`token\s+budget\s*(?:of|is|:|=)?\s*${NUM}`, "gi"),
        new RegExp(String.raw`${NUM}\s*(?:个)?\s*token`, "gi"),
      ],
    ],
  ];
  for (const [field, res] of counted) {
    for (const re of res) {
      for (const m of fresh(text, re, taken)) {
        const raw = m[1] ?? m[3];
        const scale = m[1] !== undefined ? m[2] : m[4];
        const n = numberOf(raw ?? "", scale);
        if (n === null || isArticle(raw)) continue;
        add(field, n, m[0]);
      }
    }
  }

  // wall time: "within two days", "in 3 hours", "48h", "两天内", "30分钟"
  const wall = [
    new RegExp(String.raw`${NUM}\s*[- ]?${LATIN_TIME_UNIT}\b`, "gi"),
    new RegExp(String.raw`${NUM}\s*(?:个)?\s*(周|星期|天|小时|分钟)`, "gi"),
  ];
  for (const re of wall) {
    for (const m of fresh(text, re, taken)) {
      const n = numberOf(m[1] ?? "", m[2]);
      const unitSeconds = secondsPerTimeUnit(m[3] ?? "");
      if (n === null || unitSeconds === null) continue;
      add("wallSeconds", n * unitSeconds, m[0]);
    }
  }
  return { budgets, perRunSeconds, maxTrainingSamples };
}
