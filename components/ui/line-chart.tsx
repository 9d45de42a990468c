/** A dependency-free SVG line chart for loss curves and score-vs-round plots. */
export interface Point {
  x: number;
  y: number;
}

export function LineChart({ points, label, height = 120, width = 320 }: { points: Point[]; label: string; height?: number; width?: number }) {
  if (points.length < 2) return <div className="text-xs text-slate-500">{label}: waiting for data…</div>;
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  const [y0, y1] = [Math.min(...ys), Math.max(...ys)];
  const pad = 24;
  const sx = (x: number) => pad + ((x - x0) / (x1 - x0 || 1)) * (width - 2 * pad);
  const sy = (y: number) => height - pad - ((y - y0) / (y1 - y0 || 1)) * (height - 2 * pad);
  const d = points.map((p, i) => `${i === 0 ? "M" : "L"}${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`).join(" ");
  return (
    <figure>
      <svg width={width} height={height} role="img" aria-label={label} className="text-emerald-600">
        <path d={d} fill="none" stroke="currentColor" strokeWidth={1.5} />
        <text x={pad} y={12} className="fill-slate-500 text-[10px]">{y1.toFixed(3)}</text>
        <text x={pad} y={height - 6} className="fill-slate-500 text-[10px]">{y0.toFixed(3)}</text>
        <text x={width - pad} y={height - 6} textAnchor="end" className="fill-slate-500 text-[10px]">step {x1}</text>
      </svg>
      <figcaption className="text-xs text-slate-500">{label}</figcaption>
    </figure>
  );
}
