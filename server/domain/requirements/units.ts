/**
 * Numbers and units as people write them in goals ("8 GPU-hours", "two days", "50k", "两天", "5万条"), and
 * their conversion onto the budget fields. Pure.
 */
import type { BudgetField, BudgetUnit } from "./requirement-spec.ts";

const WORDS: Record<string, number> = {
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  fifteen: 15,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  hundred: 100,
  half: 0.5,
  couple: 2,
  dozen: 12,
};
const HAN_DIGITS: Record<string, number> = {
  零: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
const HAN_UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };
const SCALES: Record<string, number> = {
  k: 1e3,
  thousand: 1e3,
  千: 1e3,
  m: 1e6,
  million: 1e6,
  mn: 1e6,
  b: 1e9,
  billion: 1e9,
  万: 1e4,
  亿: 1e8,
};

/** A number as written: digits (with thousands commas), an English number word or Chinese numerals. */
export const NUMBER = String.raw`(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|[零一二两三四五六七八九十百千]+|\b(?:an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|hundred|half(?: an?)?|a couple of|a dozen)\b)`;
/** An optional multiplier after it: 50k, 1.5M, 2 billion, 5万 */
export const SCALE = String.raw`(?:\s*(k|thousand|million|mn|m|b|billion|万|千|亿)(?![a-z]))?`;

function hanNumber(s: string): number | null {
  let total = 0;
  let digit: number | null = null;
  for (const ch of s) {
    if (ch in HAN_DIGITS) digit = HAN_DIGITS[ch] ?? 0;
    else if (ch in HAN_UNITS) {
      total += (digit ?? 1) * (HAN_UNITS[ch] ?? 1);
      digit = null;
    } else return null;
  }
  return total + (digit ?? 0);
}

/** The value of a NUMBER match (and its SCALE), or null. */
export function numberOf(written: string, scale?: string): number | null {
  const w = written.trim().toLowerCase();
  let v: number | null;
  if (/^[\d,.]+$/.test(w)) v = Number(w.replaceAll(",", ""));
  else if (/^[零一二两三四五六七八九十百千]+$/.test(w)) v = hanNumber(w);
  else v = WORDS[w.replace(/^a (couple of|dozen)$/, "$1").replace(/^half an?$/, "half")] ?? null;
  if (v === null || !Number.isFinite(v)) return null;
  const s = scale?.toLowerCase();
  return s ? v * (SCALES[s] ?? 1) : v;
}

/** A parameter count written like "1B", "1.7B", "500M", "7 billion", "0.5b". */
export function parametersOf(written: string): number | null {
  const m = /(\d+(?:\.\d+)?)\s*(b|billion|m|million|k)\b/i.exec(written);
  if (!m?.[1] || !m[2]) return null;
  const unit = m[2].toLowerCase();
  return Number(m[1]) * (unit.startsWith("b") ? 1e9 : unit.startsWith("m") ? 1e6 : 1e3);
}

export function formatParameters(n: number): string {
  if (n >= 1e9) return `${Number((n / 1e9).toPrecision(3))}B`;
  if (n >= 1e6) return `${Number((n / 1e6).toPrecision(3))}M`;
  return `${Math.round(n / 1e3)}k`;
}

const SECONDS: Record<string, number> = { second: 1, minute: 60, hour: 3600, day: 86_400, week: 604_800 };

/** How a unit maps onto a budget field, and the factor to its unit (seconds, runs, rounds, tokens). */
export const UNIT_FIELD: Record<BudgetUnit, { field: BudgetField; factor: number }> = {
  "gpu-hours": { field: "computeSeconds", factor: 3600 },
  "gpu-minutes": { field: "computeSeconds", factor: 60 },
  "gpu-days": { field: "computeSeconds", factor: 86_400 },
  "compute-seconds": { field: "computeSeconds", factor: 1 },
  hours: { field: "wallSeconds", factor: SECONDS.hour ?? 3600 },
  minutes: { field: "wallSeconds", factor: 60 },
  days: { field: "wallSeconds", factor: 86_400 },
  weeks: { field: "wallSeconds", factor: 604_800 },
  seconds: { field: "wallSeconds", factor: 1 },
  runs: { field: "trainingRuns", factor: 1 },
  rounds: { field: "rounds", factor: 1 },
  tokens: { field: "tokens", factor: 1 },
};

/** "h", "hrs", "分钟", "天" … → the time unit's seconds. */
export function secondsPerTimeUnit(unit: string): number | null {
  const u = unit.toLowerCase();
  if (/^(s|secs?|seconds?|秒)$/.test(u)) return 1;
  if (/^(m|mins?|minutes?|分钟|分)$/.test(u)) return 60;
  if (/^(h|hrs?|hours?|小时|个小时|时)$/.test(u)) return 3600;
  if (/^(d|days?|天|日)$/.test(u)) return 86_400;
  if (/^(w|weeks?|周|星期)$/.test(u)) return 604_800;
  return null;
}

/** A time unit as one of the budget units of its kind. */
export function timeUnitName(seconds: number, gpu: boolean): BudgetUnit {
  if (gpu)
    return seconds >= 86_400
      ? "gpu-days"
      : seconds >= 3600
        ? "gpu-hours"
        : seconds >= 60
          ? "gpu-minutes"
          : "compute-seconds";
  return seconds >= 604_800
    ? "weeks"
    : seconds >= 86_400
      ? "days"
      : seconds >= 3600
        ? "hours"
        : seconds >= 60
          ? "minutes"
          : "seconds";
}

export function formatSeconds(s: number): string {
  if (s >= 86_400 && s % 3600 === 0) return `${Number((s / 86_400).toFixed(2))} d`;
  if (s >= 3600) return `${Number((s / 3600).toFixed(2))} h`;
  if (s >= 60) return `${Number((s / 60).toFixed(1))} min`;
  return `${Math.round(s)} s`;
}
