/** A dependency-free SVG line chart (loss, learning rate, scores): one series, axes labels, optional markers. */
export interface Point {
  x: number;
  y: number;
}

export interface LineChartProps {
  points: Point[];
  label: string;
  height?: number;
  /** tailwind text colour class: the line uses currentColor */
  colour?: string;
  xLabel?: string;
  formatY?: (y: number) => string;
  formatX?: (x: number) => string;
  markers?: boolean;
  live?: boolean;
  testId?: string;
  empty?: string;
}

const W = 360;

export function LineChart({ points, label, height = 110, colour = "text-emerald-600 dark:text-emerald-400", xLabel = "step", formatY = (y) => y.toFixed(3), formatX = (x) => String(x), markers = false, live = false, testId, empty }: LineChartProps) {
  if (points.length < (markers ? 1 : 2)) {
    return (
      <div data-testid={testId} className="flex h-16 items-center justify-center rounded border border-dashed border-slate-300 text-xs text-slate-500 dark:border-slate-700">
        {empty ?? `${label}: waiting for data…`}
      </div>
    );
  }
  let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
  for (const p of points) {
    x0 = Math.min(x0, p.x);
    x1 = Math.max(x1, p.x);
    y0 = Math.min(y0, p.y);
    y1 = Math.max(y1, p.y);
  }
  const padL = 44;
  const padR = 8;
  const padT = 8;
  const padB = 18;
  const sx = (x: number) => padL + ((x - x0) / (x1 - x0 || 1)) * (W - padL - padR);
  const sy = (y: number) => height - padB - ((y - y0) / (y1 - y0 || 1)) * (height - padT - padB);
  const d = points.map((p, i) => `${i === 0 ? "M" : "L"}${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`).join(" ");
  const last = points[points.length - 1];
  return (
    <figure data-testid={testId} data-points={points.length}>
      <figcaption className="mb-0.5 flex items-center gap-2 text-[11px] text-slate-500">
        <span className="font-medium text-slate-700 dark:text-slate-300">{label}</span>
        {live && (
          <span className="flex items-center gap-1 text-blue-600 dark:text-blue-400">
            <span className="inline-block h-1.5 w-1.5 animate-pulse rounded-full bg-blue-500" /> live
          </span>
        )}
        {last && <span className="ml-auto font-mono">{formatY(last.y)}</span>}
      </figcaption>
      <svg viewBox={`0 0 ${W} ${height}`} className={`w-full ${colour}`} role="img" aria-label={label}>
        <line x1={padL} x2={W - padR} y1={height - padB} y2={height - padB} className="stroke-slate-300 dark:stroke-slate-700" />
        <line x1={padL} x2={padL} y1={padT} y2={height - padB} className="stroke-slate-300 dark:stroke-slate-700" />
        <path d={d} fill="none" stroke="currentColor" strokeWidth={1.6} strokeLinejoin="round" />
        {markers && points.map((p, i) => <circle key={i} cx={sx(p.x)} cy={sy(p.y)} r={3} fill="currentColor" />)}
        <text x={padL - 4} y={padT + 8} textAnchor="end" className="fill-slate-500 text-[10px]">
          {formatY(y1)}
        </text>
        <text x={padL - 4} y={height - padB} textAnchor="end" className="fill-slate-500 text-[10px]">
          {formatY(y0)}
        </text>
        <text x={padL} y={height - 4} className="fill-slate-500 text-[10px]">
          {xLabel} {formatX(x0)}
        </text>
        <text x={W - padR} y={height - 4} textAnchor="end" className="fill-slate-500 text-[10px]">
          {formatX(x1)}
        </text>
      </svg>
    </figure>
  );
}
