"use client";

import { useEffect, useMemo, useRef, useState } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { useDarkMode } from "@/components/ui/use-dark-mode";
import { alignSeries, canUseLog, formatValue, smooth, type XY } from "./smoothing";

/** One palette for every chart; series keep their colour by position. */
export const SERIES_COLOURS = [
  "#059669",
  "#2563eb",
  "#d97706",
  "#dc2626",
  "#7c3aed",
  "#0891b2",
  "#65a30d",
  "#db2777",
  "#4b5563",
  "#9333ea",
];
export const seriesColour = (i: number) => SERIES_COLOURS[i % SERIES_COLOURS.length] ?? "#059669";

export interface ChartSeries {
  label: string;
  points: XY[];
  colour?: string;
}

export interface CurveChartProps {
  series: ChartSeries[];
  title: string;
  testId?: string;
  height?: number;
  xLabel?: string;
  formatX?: (x: number) => string;
  formatY?: (y: number) => string;
  /** the whole x range to show (a live run: step 0 to its last step), whatever has arrived so far */
  xRange?: [number, number];
  /** best-so-far curves: the value holds until the next point */
  stepped?: boolean;
  /** draw the points (few of them: scores along a branch) */
  markers?: boolean;
  live?: boolean;
  empty?: string;
  /** smoothing and log-scale controls */
  controls?: boolean;
}

interface Readout {
  x: number;
  values: (number | null)[];
}

/**
 * A line chart drawn by uPlot (chosen by bench/charts.bench.ts): grid, a hover read-out of every series at the
 * cursor, exponential smoothing, a log scale, and an x range that can run ahead of the data on a live run.
 */
export function CurveChart({
  series,
  title,
  testId,
  height = 150,
  xLabel = "step",
  formatX = (x) => String(x),
  formatY = formatValue,
  xRange,
  stepped = false,
  markers = false,
  live = false,
  empty,
  controls = false,
}: CurveChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const [width, setWidth] = useState(0);
  const [weight, setWeight] = useState(0);
  const [log, setLog] = useState(false);
  const [readout, setReadout] = useState<Readout | null>(null);
  const dark = useDarkMode();

  const raw = useMemo(() => series.map((s) => s.points), [series]);
  const logOk = canUseLog(raw);
  const useLog = log && logOk;
  const data = useMemo<uPlot.AlignedData>(() => {
    const { xs, ys } = alignSeries(raw.map((p) => smooth(p, weight)));
    return [xs, ...ys];
  }, [raw, weight]);
  const pointCount = raw.reduce((n, p) => n + p.length, 0);
  const enough = raw.some((p) => p.length >= (markers ? 1 : 2));
  const labels = series.map((s) => s.label).join("\u0000");
  const colours = series.map((s, i) => s.colour ?? seriesColour(i)).join(",");
  // the latest data for the effect that builds the plot, without rebuilding it on every live point
  const dataRef = useRef(data);
  dataRef.current = data;
  const format = useRef({ formatX, formatY });
  format.current = { formatX, formatY };
  const range = xRange ? `${xRange[0]}:${xRange[1]}` : "";

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const observer = new ResizeObserver(([entry]) => setWidth(Math.floor(entry?.contentRect.width ?? 0)));
    observer.observe(el);
    return () => observer.disconnect();
  }, [enough]);

  useEffect(() => {
    const el = box.current;
    if (!el || width < 40 || !enough) return;
    const axis = dark ? "#94a3b8" : "#64748b";
    const grid = dark ? "rgba(148,163,184,0.15)" : "rgba(100,116,139,0.15)";
    const names = labels.split("\u0000");
    const strokes = colours.split(",");
    const [x0, x1] = range ? range.split(":").map(Number) : [];
    const opts: uPlot.Options = {
      width,
      height,
      legend: { show: false },
      cursor: { drag: { x: true, y: false }, points: { size: 6 } },
      scales: {
        x: {
          time: false,
          ...(x0 !== undefined && x1 !== undefined
            ? { range: (_u, min, max) => [Math.min(min, x0), Math.max(max, x1)] as uPlot.Range.MinMax }
            : {}),
        },
        y: useLog ? { distr: 3 } : {},
      },
      axes: [
        {
          stroke: axis,
          grid: { stroke: grid, width: 1 },
          ticks: { stroke: grid },
          values: (_u, ticks) => ticks.map((t) => format.current.formatX(t)),
          size: 30,
        },
        {
          stroke: axis,
          grid: { stroke: grid, width: 1 },
          ticks: { stroke: grid },
          values: (_u, ticks) => ticks.map((t) => format.current.formatY(t)),
          size: 52,
        },
      ],
      series: [
        {},
        ...names.map((label, i) => ({
          label,
          stroke: strokes[i] ?? seriesColour(i),
          width: 1.6,
          spanGaps: true,
          points: { show: markers, size: 6 },
          ...(stepped ? { paths: uPlot.paths.stepped?.({ align: 1 }) } : {}),
        })),
      ],
      hooks: {
        setCursor: [
          (u) => {
            const idx = u.cursor.idx;
            const xs = u.data[0];
            if (idx === null || idx === undefined || xs[idx] === undefined) return setReadout(null);
            setReadout({ x: xs[idx], values: u.data.slice(1).map((col) => col[idx] ?? null) });
          },
        ],
      },
    };
    const p = new uPlot(opts, dataRef.current, el);
    plot.current = p;
    return () => {
      p.destroy();
      plot.current = null;
    };
  }, [width, height, dark, useLog, stepped, markers, labels, colours, range, enough]);

  useEffect(() => {
    plot.current?.setData(data);
  }, [data]);

  if (!enough) {
    return (
      <div
        data-testid={testId}
        data-points={pointCount}
        className="flex h-16 items-center justify-center rounded border border-dashed border-slate-300 text-xs text-slate-500 dark:border-slate-700"
      >
        {empty ?? `${title}: waiting for data…`}
      </div>
    );
  }
  const lastValues = series.map((s) => s.points.at(-1)?.y ?? null);
  const shown = readout ?? { x: data[0].at(-1) ?? 0, values: lastValues };
  return (
    <figure data-testid={testId} data-points={pointCount} className="min-w-0">
      <figcaption className="mb-0.5 flex flex-wrap items-center gap-x-2 text-[11px] text-slate-500">
        <span className="font-medium text-slate-700 dark:text-slate-300">{title}</span>
        {live && (
          <span className="flex items-center gap-1 text-blue-600 dark:text-blue-400">
            <span className="inline-block h-1.5 w-1.5 animate-pulse rounded-full bg-blue-500" /> live
          </span>
        )}
        {controls && (
          <span className="ml-auto flex items-center gap-2">
            <label className="flex items-center gap-1" title="exponential moving average of the curve">
              smooth
              <input
                type="range"
                min={0}
                max={0.99}
                step={0.01}
                value={weight}
                onChange={(e) => setWeight(Number(e.target.value))}
                aria-label={`${title}: smoothing`}
                className="h-1 w-16"
              />
            </label>
            <label
              className="flex items-center gap-1"
              title={logOk ? "logarithmic y axis" : "a log scale needs positive values"}
            >
              <input
                type="checkbox"
                checked={useLog}
                disabled={!logOk}
                onChange={(e) => setLog(e.target.checked)}
                aria-label={`${title}: log scale`}
              />
              log
            </label>
          </span>
        )}
      </figcaption>
      <div ref={box} className="w-full" role="img" aria-label={title} />
      <div
        data-testid={testId ? `${testId}-readout` : undefined}
        data-x={shown.x}
        data-values={JSON.stringify(shown.values)}
        className="mt-0.5 flex flex-wrap gap-x-3 font-mono text-[11px] text-slate-600 dark:text-slate-400"
      >
        <span>
          {xLabel} {formatX(shown.x)}
        </span>
        {series.map((s, i) => (
          <span key={s.label + i} className="flex items-center gap-1">
            <span className="inline-block h-2 w-2 rounded-full" style={{ background: s.colour ?? seriesColour(i) }} />
            {series.length > 1 && <span className="max-w-40 truncate">{s.label}</span>}
            <span>{shown.values[i] === null || shown.values[i] === undefined ? "–" : formatY(shown.values[i])}</span>
          </span>
        ))}
      </div>
    </figure>
  );
}
