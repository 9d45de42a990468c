"use client";

import { CurveChart } from "@/components/charts/curve-chart";
import { formatCompute } from "@/components/format";

/** Best score against compute for several explorations: who gets good fastest. */
export interface Series {
  label: string;
  points: { computeSeconds: number; best: number }[];
}

export function AnytimeChart({ series, height = 260 }: { series: Series[]; height?: number }) {
  if (series.every((s) => s.points.length === 0))
    return <p className="text-sm text-slate-500">No curves yet: finished explorations appear here.</p>;
  return (
    <div data-testid="anytime-chart">
      <CurveChart
        series={series.map((s) => ({
          label: s.label,
          points: s.points.map((p) => ({ x: p.computeSeconds, y: p.best })),
        }))}
        title="Best validation score against compute"
        testId="anytime-curves"
        xLabel="compute"
        formatX={(x) => formatCompute(x)}
        stepped
        markers
        height={height}
      />
    </div>
  );
}
