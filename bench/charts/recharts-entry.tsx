import { flushSync } from "react-dom";
import { createRoot, type Root } from "react-dom/client";
import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from "recharts";
import { COLOURS, svgDrawn, type BenchSeries } from "./chart-entry-types.ts";

const roots = new WeakMap<HTMLElement, Root>();

window.chartEntry = {
  render(el, series: BenchSeries[], width, height) {
    const xs = series[0]?.xs ?? [];
    const rows = xs.map((x, j) => Object.fromEntries([["x", x], ...series.map((s, i) => [`s${i}`, s.ys[j]])]));
    const root = createRoot(el);
    roots.set(el, root);
    flushSync(() =>
      root.render(
        <LineChart width={width} height={height} data={rows}>
          <CartesianGrid />
          <XAxis dataKey="x" type="number" />
          <YAxis />
          <Tooltip />
          {series.map((s, i) => (
            <Line
              key={s.label}
              dataKey={`s${i}`}
              name={s.label}
              dot={false}
              isAnimationActive={false}
              stroke={COLOURS[i % COLOURS.length]}
            />
          ))}
        </LineChart>,
      ),
    );
  },
  destroy(el) {
    roots.get(el)?.unmount();
    roots.delete(el);
  },
  drawn: (el) => svgDrawn(el, "path.recharts-line-curve"),
};
