"use client";

import { useEffect, useRef, useState } from "react";
import { useDarkMode } from "@/components/ui/use-dark-mode";
import type { ParallelData } from "./analysis-model";

/** low score → high score */
function scoreColour(t: number, alpha: number): string {
  const hue = 0 + 150 * Math.min(1, Math.max(0, t));
  return `hsla(${hue}, 75%, 45%, ${alpha})`;
}

const fmt = (v: number) =>
  Math.abs(v) >= 1000 || (Math.abs(v) < 0.01 && v !== 0) ? v.toExponential(1) : Number(v.toPrecision(3)).toString();

/**
 * Parallel coordinates on a canvas: one polyline per scored node, coloured by its score. uPlot has no such
 * plot, and a canvas draws thousands of lines where SVG would make thousands of elements.
 */
export function ParallelCoordinates({ data, height = 280 }: { data: ParallelData; height?: number }) {
  const box = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [width, setWidth] = useState(0);
  const dark = useDarkMode();

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const observer = new ResizeObserver(([e]) => setWidth(Math.floor(e?.contentRect.width ?? 0)));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    const c = canvas.current;
    const ctx = c?.getContext("2d");
    if (!c || !ctx || width === 0) return;
    const dpr = window.devicePixelRatio || 1;
    c.width = width * dpr;
    c.height = height * dpr;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, height);
    const pad = { l: 48, r: 48, t: 28, b: 36 };
    const n = data.axes.length;
    const xAt = (i: number) => pad.l + (n === 1 ? 0 : (i * (width - pad.l - pad.r)) / (n - 1));
    const yAt = (v: number) => pad.t + (1 - v) * (height - pad.t - pad.b);
    const alpha = Math.max(0.08, Math.min(0.8, 40 / Math.max(1, data.lines.length)));
    // low scores first, so the good runs are drawn on top
    const lines = data.lines.slice().sort((a, b) => a.score - b.score);
    const scoreAxis = data.axes.at(-1);
    ctx.lineWidth = 1.2;
    for (const line of lines) {
      const t =
        scoreAxis && scoreAxis.max > scoreAxis.min
          ? (line.score - scoreAxis.min) / (scoreAxis.max - scoreAxis.min)
          : 0.5;
      ctx.strokeStyle = scoreColour(t, alpha);
      ctx.beginPath();
      let started = false;
      line.values.forEach((v, i) => {
        if (v === null) {
          started = false;
          return;
        }
        if (started) ctx.lineTo(xAt(i), yAt(v));
        else ctx.moveTo(xAt(i), yAt(v));
        started = true;
      });
      ctx.stroke();
    }
    const ink = dark ? "#cbd5e1" : "#334155";
    const faint = dark ? "#64748b" : "#94a3b8";
    ctx.font = "11px system-ui, sans-serif";
    data.axes.forEach((axis, i) => {
      const x = xAt(i);
      ctx.strokeStyle = faint;
      ctx.lineWidth = 1;
      ctx.beginPath();
      ctx.moveTo(x, yAt(0));
      ctx.lineTo(x, yAt(1));
      ctx.stroke();
      ctx.fillStyle = ink;
      ctx.textAlign = "center";
      ctx.fillText(axis.name.length > 18 ? `${axis.name.slice(0, 17)}…` : axis.name, x, 14);
      ctx.fillStyle = faint;
      if (axis.categories) {
        axis.categories.forEach((cat, k) => {
          const y = yAt(axis.categories && axis.categories.length > 1 ? k / (axis.categories.length - 1) : 0.5);
          ctx.textAlign = i === n - 1 ? "right" : "left";
          ctx.fillText(cat.length > 14 ? `${cat.slice(0, 13)}…` : cat, x + (i === n - 1 ? -4 : 4), y + 4);
        });
      } else {
        ctx.fillText(fmt(axis.max), x, yAt(1) - 6);
        ctx.fillText(fmt(axis.min), x, yAt(0) + 14);
      }
    });
  }, [data, width, height, dark]);

  return (
    <div
      ref={box}
      className="w-full"
      data-testid="parallel-coordinates"
      data-lines={data.lines.length}
      data-axes={data.axes.map((a) => a.name).join("|")}
    >
      <canvas
        ref={canvas}
        style={{ width: "100%", height }}
        role="img"
        aria-label={`Parallel coordinates of ${data.axes.map((a) => a.name).join(", ")} for ${data.lines.length} scored nodes`}
      />
    </div>
  );
}
