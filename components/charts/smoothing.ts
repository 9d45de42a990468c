/**
 * Pure helpers of the curve charts: exponential smoothing (TensorBoard's, debiased so the first points are not
 * pulled towards zero), series alignment on one x axis, and the checks a log scale needs.
 */

export interface XY {
  x: number;
  y: number;
}

/** weight 0: the raw curve; 0.99: very smooth. Gaps (non-finite y) are kept as gaps. */
export function smooth(points: readonly XY[], weight: number): XY[] {
  if (weight <= 0) return points.slice();
  const w = Math.min(0.999, weight);
  let last = 0;
  let n = 0;
  return points.map((p) => {
    if (!Number.isFinite(p.y)) return p;
    last = last * w + (1 - w) * p.y;
    n++;
    return { x: p.x, y: last / (1 - w ** n) };
  });
}

/** One shared, sorted x array and, per series, its y at each x (null where the series has no point). */
export function alignSeries(series: readonly (readonly XY[])[]): { xs: number[]; ys: (number | null)[][] } {
  const xs = [...new Set(series.flatMap((s) => s.map((p) => p.x)))].sort((a, b) => a - b);
  const index = new Map(xs.map((x, i) => [x, i]));
  const ys = series.map((s) => {
    const out: (number | null)[] = new Array<number | null>(xs.length).fill(null);
    for (const p of s) {
      const i = index.get(p.x);
      if (i !== undefined && Number.isFinite(p.y)) out[i] = p.y;
    }
    return out;
  });
  return { xs, ys };
}

/** A log scale draws only positive values. */
export function canUseLog(series: readonly (readonly XY[])[]): boolean {
  return series.some((s) => s.length > 0) && series.every((s) => s.every((p) => !Number.isFinite(p.y) || p.y > 0));
}

export function formatValue(v: number): string {
  if (v === 0) return "0";
  const a = Math.abs(v);
  if (a >= 1000 || a < 0.001) return v.toExponential(2);
  return Number(v.toPrecision(4)).toString();
}
