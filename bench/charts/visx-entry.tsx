import { flushSync } from "react-dom";
import { createRoot, type Root } from "react-dom/client";
import { Axis, Grid, LineSeries, Tooltip, XYChart } from "@visx/xychart";
import { COLOURS, svgDrawn, type BenchSeries } from "./chart-entry-types.ts";

const roots = new WeakMap<HTMLElement, Root>();
type P = { x: number; y: number };
const x = (p: P) => p.x;
const y = (p: P) => p.y;

window.chartEntry = {
  render(el, series: BenchSeries[], width, height) {
    const root = createRoot(el);
    roots.set(el, root);
    flushSync(() =>
      root.render(
        <XYChart width={width} height={height} xScale={{ type: "linear" }} yScale={{ type: "linear" }}>
          <Grid />
          <Axis orientation="bottom" />
          <Axis orientation="left" />
          {series.map((s, i) => (
            <LineSeries
              key={s.label}
              dataKey={s.label}
              data={s.xs.map((xv, j) => ({ x: xv, y: s.ys[j] ?? 0 }))}
              xAccessor={x}
              yAccessor={y}
              stroke={COLOURS[i % COLOURS.length]}
            />
          ))}
          <Tooltip renderTooltip={() => null} />
        </XYChart>,
      ),
    );
  },
  destroy(el) {
    roots.get(el)?.unmount();
    roots.delete(el);
  },
  drawn: (el) => svgDrawn(el, "path"),
};
