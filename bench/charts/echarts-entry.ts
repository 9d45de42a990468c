import * as echarts from "echarts/core";
import { LineChart } from "echarts/charts";
import { GridComponent, TooltipComponent, LegendComponent } from "echarts/components";
import { CanvasRenderer } from "echarts/renderers";
import { canvasDrawn, COLOURS, type BenchSeries } from "./chart-entry-types.ts";

echarts.use([LineChart, GridComponent, TooltipComponent, LegendComponent, CanvasRenderer]);

window.chartEntry = {
  render(el, series: BenchSeries[], width, height) {
    el.dataset.series = String(series.length);
    const chart = echarts.init(el, undefined, { width, height, renderer: "canvas" });
    chart.setOption({
      animation: false,
      tooltip: { trigger: "axis" },
      xAxis: { type: "value", splitLine: { show: true } },
      yAxis: { type: "value", splitLine: { show: true } },
      series: series.map((s, i) => ({
        name: s.label,
        type: "line",
        showSymbol: false,
        color: COLOURS[i % COLOURS.length],
        data: s.xs.map((x, j) => [x, s.ys[j]]),
      })),
    });
  },
  destroy(el) {
    echarts.getInstanceByDom(el)?.dispose();
  },
  drawn: (el) => canvasDrawn(el, echarts.getInstanceByDom(el) ? Number(el.dataset.series) : 0),
};
