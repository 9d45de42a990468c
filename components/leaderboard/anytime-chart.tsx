/** Best score against compute for several explorations: who gets good fastest. Plain SVG. */
export interface Series {
  label: string;
  points: { computeSeconds: number; best: number }[];
}

const COLOURS = ["#059669", "#2563eb", "#d97706", "#dc2626", "#7c3aed", "#0891b2", "#65a30d", "#db2777"];

export function AnytimeChart({ series, width = 640, height = 260 }: { series: Series[]; width?: number; height?: number }) {
  const all = series.flatMap((s) => s.points);
  if (all.length === 0) return <p className="text-sm text-slate-500">No curves yet: finished explorations appear here.</p>;
  const maxX = Math.max(...all.map((p) => p.computeSeconds), 1);
  const minY = Math.min(...all.map((p) => p.best));
  const maxY = Math.max(...all.map((p) => p.best));
  const pad = { l: 44, r: 12, t: 10, b: 28 };
  const sx = (x: number) => pad.l + (x / maxX) * (width - pad.l - pad.r);
  const sy = (y: number) => height - pad.b - ((y - minY) / (maxY - minY || 1)) * (height - pad.t - pad.b);
  return (
    <figure data-testid="anytime-chart">
      <svg width={width} height={height} role="img" aria-label="best score against compute">
        <line x1={pad.l} y1={height - pad.b} x2={width - pad.r} y2={height - pad.b} stroke="currentColor" strokeOpacity={0.3} />
        <line x1={pad.l} y1={pad.t} x2={pad.l} y2={height - pad.b} stroke="currentColor" strokeOpacity={0.3} />
        <text x={pad.l - 4} y={pad.t + 8} textAnchor="end" className="fill-slate-500 text-[10px]">{maxY.toFixed(2)}</text>
        <text x={pad.l - 4} y={height - pad.b} textAnchor="end" className="fill-slate-500 text-[10px]">{minY.toFixed(2)}</text>
        <text x={width - pad.r} y={height - 8} textAnchor="end" className="fill-slate-500 text-[10px]">{Math.round(maxX)} compute-s</text>
        {series.map((s, i) => {
          // a step line: the best so far holds until the next improvement
          const d = s.points.map((p, j) => {
            const prev = s.points[j - 1];
            return j === 0 ? `M${sx(p.computeSeconds)},${sy(p.best)}` : `L${sx(p.computeSeconds)},${sy(prev?.best ?? p.best)} L${sx(p.computeSeconds)},${sy(p.best)}`;
          });
          return <path key={s.label + i} d={d.join(" ")} fill="none" stroke={COLOURS[i % COLOURS.length]} strokeWidth={2} />;
        })}
      </svg>
      <figcaption className="mt-1 flex flex-wrap gap-3 text-xs">
        {series.map((s, i) => (
          <span key={s.label + i} className="flex items-center gap-1">
            <span className="inline-block h-2 w-3 rounded" style={{ background: COLOURS[i % COLOURS.length] }} />
            {s.label}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
