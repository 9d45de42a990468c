/**
 * Pure: the analysis of a whole exploration. Which directions and parameter values went with better validation
 * scores, how the best score grew with compute in each branch, and the axes of a parallel-coordinates plot.
 * Everything is marginal and descriptive (nodes are not a designed experiment): parameters changed together
 * share the credit.
 */
import type { Cell, RunRow } from "@/components/runs/run-rows";

const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / Math.max(1, xs.length);

export interface DirectionEffect {
  direction: string;
  /** nodes with a score whose parent has one */
  n: number;
  meanDelta: number;
  sdDelta: number;
  bestDelta: number;
  /** share of those nodes that beat their parent */
  improved: number;
}

/** Per direction: the change of the validation score against the parent, over every scored child. */
export function directionEffects(rows: readonly RunRow[]): DirectionEffect[] {
  const groups = new Map<string, number[]>();
  for (const r of rows) if (r.delta !== null) groups.set(r.direction, [...(groups.get(r.direction) ?? []), r.delta]);
  return [...groups]
    .map(([direction, ds]) => {
      const m = mean(ds);
      return {
        direction,
        n: ds.length,
        meanDelta: m,
        sdDelta: Math.sqrt(mean(ds.map((d) => (d - m) ** 2))),
        bestDelta: Math.max(...ds),
        improved: ds.filter((d) => d > 0).length / ds.length,
      };
    })
    .sort((a, b) => b.meanDelta - a.meanDelta);
}

/** Average ranks (ties share the mean rank), for Spearman's ρ. */
function ranks(xs: readonly number[]): number[] {
  const order = xs.map((x, i) => [x, i] as const).sort((a, b) => a[0] - b[0]);
  const out = new Array<number>(xs.length).fill(0);
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]?.[0] === order[i]?.[0]) j++;
    for (let k = i; k <= j; k++) out[order[k]?.[1] ?? 0] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return out;
}

export function spearman(xs: readonly number[], ys: readonly number[]): number | null {
  if (xs.length < 3) return null;
  const rx = ranks(xs);
  const ry = ranks(ys);
  const mx = mean(rx);
  const my = mean(ry);
  let num = 0;
  let dx = 0;
  let dy = 0;
  for (let i = 0; i < rx.length; i++) {
    const a = (rx[i] ?? 0) - mx;
    const b = (ry[i] ?? 0) - my;
    num += a * b;
    dx += a * a;
    dy += b * b;
  }
  return dx === 0 || dy === 0 ? null : num / Math.sqrt(dx * dy);
}

export interface Importance {
  parameter: string;
  /** adjusted η²: the share of score variance explained by the parameter's value groups, in [0, 1] */
  importance: number;
  groups: number;
  n: number;
  /** numeric parameters: Spearman's ρ between the value and the score (the sign says which way is better) */
  rho: number | null;
  /** the value group with the best mean score */
  bestValue: string;
}

const QUANTILE_BINS = 5;

/** Group keys for one parameter: categories as they are; numbers with many distinct values in quintiles. */
function groupKeys(values: readonly Cell[]): string[] {
  const numeric = values.every((v) => typeof v === "number");
  const distinct = new Set(values.map((v) => String(v)));
  if (!numeric || distinct.size <= QUANTILE_BINS + 1) return values.map((v) => (v === null ? "(unset)" : String(v)));
  const sorted = (values as number[]).slice().sort((a, b) => a - b);
  const cuts = Array.from(
    { length: QUANTILE_BINS - 1 },
    (_, i) => sorted[Math.floor(((i + 1) * sorted.length) / QUANTILE_BINS)] ?? 0,
  );
  return (values as number[]).map((v) => {
    const bin = cuts.filter((c) => v >= c).length;
    const lo = bin === 0 ? sorted[0] : cuts[bin - 1];
    const hi = bin === cuts.length ? sorted.at(-1) : cuts[bin];
    return `${lo}–${hi}`;
  });
}

/**
 * For each parameter (direction, recipe, every training parameter), over the nodes with a validation score:
 * η² = between-group sum of squares / total sum of squares of the score when nodes are grouped by the
 * parameter's value, adjusted for the number of groups k like adjusted R²: 1 − (1 − η²)(n − 1)/(n − k).
 */
export function parameterImportance(rows: readonly RunRow[]): Importance[] {
  const scored = rows.filter((r): r is RunRow & { score: number } => r.score !== null);
  if (scored.length < 3) return [];
  const params: [string, (r: RunRow) => Cell][] = [
    ["direction", (r) => r.direction],
    ["recipe", (r) => r.recipe],
    ...[...new Set(scored.flatMap((r) => Object.keys(r.params)))].map<[string, (r: RunRow) => Cell]>((k) => [
      k,
      (r) => r.params[k] ?? null,
    ]),
  ];
  const scores = scored.map((r) => r.score);
  const grand = mean(scores);
  const total = scores.reduce((s, y) => s + (y - grand) ** 2, 0);
  const out: Importance[] = [];
  for (const [parameter, get] of params) {
    const values = scored.map(get);
    const keys = groupKeys(values);
    const groups = new Map<string, number[]>();
    keys.forEach((k, i) => groups.set(k, [...(groups.get(k) ?? []), scores[i] ?? 0]));
    const k = groups.size;
    if (k < 2) continue;
    const n = scored.length;
    let between = 0;
    let bestValue = "";
    let bestMean = -Infinity;
    for (const [key, ys] of groups) {
      const m = mean(ys);
      between += ys.length * (m - grand) ** 2;
      if (m > bestMean) [bestMean, bestValue] = [m, key];
    }
    const eta2 = total === 0 ? 0 : between / total;
    const adjusted = n - k > 0 ? Math.max(0, 1 - ((1 - eta2) * (n - 1)) / (n - k)) : 0;
    const numeric = values.every((v) => typeof v === "number");
    out.push({
      parameter,
      importance: adjusted,
      groups: k,
      n,
      rho: numeric ? spearman(values as number[], scores) : null,
      bestValue,
    });
  }
  return out.sort((a, b) => b.importance - a.importance);
}

export interface AnytimeSeries {
  label: string;
  /** x: compute spent so far (seconds), y: the best validation score so far */
  points: { x: number; y: number }[];
}

/** Best score against compute: the whole exploration, and each branch under the root, in creation order. */
export function anytimeByBranch(
  rows: readonly RunRow[],
  parentOf: ReadonlyMap<string, string | null>,
): AnytimeSeries[] {
  const root = rows.find((r) => parentOf.get(r.id) === null);
  const branchOf = (id: string): string | null => {
    let cur: string | null = id;
    const seen = new Set<string>();
    while (cur && !seen.has(cur)) {
      seen.add(cur);
      const p: string | null = parentOf.get(cur) ?? null;
      if (p === root?.id) return cur;
      cur = p;
    }
    return null;
  };
  const ordered = rows.slice().sort((a, b) => a.ordinal - b.ordinal);
  const curve = (members: readonly RunRow[]) => {
    const points: { x: number; y: number }[] = [];
    let spent = 0;
    let best = -Infinity;
    for (const r of members) {
      spent += r.computeSeconds;
      if (r.score !== null && r.score > best) {
        best = r.score;
        points.push({ x: spent, y: best });
      }
    }
    // the curve runs on to the compute spent last, so a flat tail shows as flat
    const last = points.at(-1);
    if (last && spent > last.x) points.push({ x: spent, y: last.y });
    return points;
  };
  const branches = new Map<string, RunRow[]>();
  for (const r of ordered) {
    const b = branchOf(r.id);
    if (b) branches.set(b, [...(branches.get(b) ?? []), r]);
  }
  const byId = new Map(rows.map((r) => [r.id, r]));
  const series: AnytimeSeries[] = [{ label: "whole exploration", points: curve(ordered) }];
  for (const [id, members] of branches) {
    const head = byId.get(id);
    series.push({ label: `branch #${head?.ordinal ?? "?"} ${head?.title ?? ""}`.trim(), points: curve(members) });
  }
  return series.filter((s) => s.points.length > 0);
}

export interface ParallelAxis {
  name: string;
  /** category labels, for a categorical axis; numbers are placed by value */
  categories: string[] | null;
  min: number;
  max: number;
}

export interface ParallelData {
  axes: ParallelAxis[];
  /** per scored node: a value per axis in [0, 1] (null: unset), and its score */
  lines: { id: string; values: (number | null)[]; score: number }[];
}

/** Axes: the direction, every parameter that varies among scored nodes, then the score. */
export function parallelCoordinates(rows: readonly RunRow[], maxAxes = 10): ParallelData {
  const scored = rows.filter((r): r is RunRow & { score: number } => r.score !== null);
  const getters: [string, (r: RunRow) => Cell][] = [
    ["direction", (r) => r.direction],
    ...[...new Set(scored.flatMap((r) => Object.keys(r.params)))].map<[string, (r: RunRow) => Cell]>((k) => [
      k,
      (r) => r.params[k] ?? null,
    ]),
  ];
  const axes: ParallelAxis[] = [];
  const columns: (number | null)[][] = [];
  for (const [name, get] of getters) {
    if (axes.length >= maxAxes - 1) break;
    const values = scored.map(get);
    if (new Set(values.map((v) => String(v))).size < 2) continue;
    if (values.every((v) => typeof v === "number" || v === null)) {
      const nums = values.filter((v): v is number => typeof v === "number");
      const min = Math.min(...nums);
      const max = Math.max(...nums);
      axes.push({ name, categories: null, min, max });
      columns.push(values.map((v) => (typeof v === "number" ? (max === min ? 0.5 : (v - min) / (max - min)) : null)));
    } else {
      const categories = [...new Set(values.map((v) => (v === null ? "(unset)" : String(v))))].sort();
      axes.push({ name, categories, min: 0, max: categories.length - 1 });
      columns.push(
        values.map((v) =>
          categories.length === 1
            ? 0.5
            : categories.indexOf(v === null ? "(unset)" : String(v)) / (categories.length - 1),
        ),
      );
    }
  }
  const scores = scored.map((r) => r.score);
  const smin = Math.min(...scores);
  const smax = Math.max(...scores);
  axes.push({ name: "validation score", categories: null, min: smin, max: smax });
  columns.push(scores.map((s) => (smax === smin ? 0.5 : (s - smin) / (smax - smin))));
  return {
    axes,
    lines: scored.map((r, i) => ({ id: r.id, score: r.score, values: columns.map((c) => c[i] ?? null) })),
  };
}
