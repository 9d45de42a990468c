/**
 * Which chart library draws the training curves: each candidate (uPlot, ECharts, Recharts, visx) renders
 * a 5,000-point curve and 20 overlaid 1,000-point curves in Chromium, mount → painted (two animation frames),
 * fresh element each run, the clock stopped once every series is on screen; plus its minified and gzipped bundle size (esbuild, production).
 * Run: npx tsx bench/charts.bench.ts [--runs 10]
 */
import { gzipSync } from "node:zlib";
import path from "node:path";
import { build } from "esbuild";
import { launchChromium, machine, stats, writeJson } from "./canvas-server.ts";

const LIBRARIES = [
  { name: "uPlot", entry: "uplot-entry.ts", css: "node_modules/uplot/dist/uPlot.min.css" },
  { name: "ECharts", entry: "echarts-entry.ts" },
  { name: "Recharts", entry: "recharts-entry.tsx" },
  { name: "visx", entry: "visx-entry.tsx" },
] as const;

const runsArg = process.argv.indexOf("--runs");
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 10;

function lossCurve(points: number, seed: number): { xs: number[]; ys: number[] } {
  let s = seed * 9973 + 1;
  const rand = () => (s = (s * 16807) % 2147483647) / 2147483647;
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < points; i++) {
    xs.push(i + 1);
    ys.push(2.5 * Math.exp(-i / (points / 4)) + 0.2 + 0.15 * (rand() - 0.5) + seed * 0.02);
  }
  return { xs, ys };
}

const SCENARIOS = {
  "one curve, 5,000 points": [{ label: "loss", ...lossCurve(5_000, 0) }],
  "20 overlaid curves, 1,000 points each": Array.from({ length: 20 }, (_, i) => ({
    label: `run ${i + 1}`,
    ...lossCurve(1_000, i),
  })),
};

async function bundle(entry: string): Promise<string> {
  const out = await build({
    entryPoints: [path.join("bench", "charts", entry)],
    bundle: true,
    minify: true,
    format: "iife",
    write: false,
    jsx: "automatic",
    define: { "process.env.NODE_ENV": '"production"' },
    logLevel: "error",
  });
  return out.outputFiles[0]?.text ?? "";
}

async function main() {
  const browser = await launchChromium();
  const rows: Record<string, unknown>[] = [];
  for (const lib of LIBRARIES) {
    const js = await bundle(lib.entry);
    // the shared React runtime counts against the React libraries: the app ships it anyway, so report both
    const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
    await page.setContent(
      `<!doctype html><html><head>${"css" in lib ? `<link rel="stylesheet">` : ""}</head><body></body></html>`,
    );
    if ("css" in lib) await page.addStyleTag({ path: lib.css });
    // tsx keeps function names with a helper that the page lacks
    await page.addScriptTag({ content: `window.__name = (f) => f;\n${js}` });
    for (const [scenario, series] of Object.entries(SCENARIOS)) {
      const times = await page.evaluate(
        async ({ series, runs }) => {
          const frame = () => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r())));
          const out: number[] = [];
          for (let i = 0; i <= runs; i++) {
            const el = document.createElement("div");
            document.body.appendChild(el);
            const t0 = performance.now();
            window.chartEntry.render(el, series, 800, 300);
            let frames = 0;
            do {
              await frame();
              frames++;
            } while (window.chartEntry.drawn(el) < series.length && frames < 200);
            const ms = performance.now() - t0;
            if (window.chartEntry.drawn(el) < series.length)
              throw new Error(`only ${window.chartEntry.drawn(el)} of ${series.length} series were drawn`);
            window.chartEntry.destroy(el);
            el.remove();
            if (i > 0) out.push(ms); // the first run warms the JIT
          }
          return out;
        },
        { series, runs: RUNS },
      );
      const s = stats(times);
      rows.push({
        library: lib.name,
        scenario,
        p50: Number(s.p50.toFixed(1)),
        p95: Number(s.p95.toFixed(1)),
        minKiB: Number((js.length / 1024).toFixed(1)),
        gzipKiB: Number((gzipSync(js).length / 1024).toFixed(1)),
      });
      console.log(rows.at(-1));
    }
    await page.close();
  }
  await browser.close();
  const file = writeJson("charts.json", { machine: machine(), runs: RUNS, rows });
  console.table(rows);
  console.log(`written ${file}`);
}

void main();
