import uPlot from "uplot";
import { canvasDrawn, COLOURS, type BenchSeries } from "./chart-entry-types.ts";

const plots = new WeakMap<HTMLElement, uPlot>();

window.chartEntry = {
  render(el, series: BenchSeries[], width, height) {
    const xs = series[0]?.xs ?? [];
    const data: uPlot.AlignedData = [xs, ...series.map((s) => s.ys)];
    const opts: uPlot.Options = {
      width,
      height,
      series: [{}, ...series.map((s, i) => ({ label: s.label, stroke: COLOURS[i % COLOURS.length], width: 1.5 }))],
      axes: [{ grid: { show: true } }, { grid: { show: true } }],
    };
    plots.set(el, new uPlot(opts, data, el));
  },
  destroy(el) {
    plots.get(el)?.destroy();
    plots.delete(el);
  },
  drawn: (el) => canvasDrawn(el, (plots.get(el)?.series.length ?? 1) - 1),
};
