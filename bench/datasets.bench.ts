/**
 * How long reading and checking an uploaded dataset takes with the parser the browser preview and the server
 * share (server/domain/datasets): JSONL and CSV at 20k rows (2.5 MB) and JSONL at 400k rows (~50 MB, the
 * upload limit), median of 5 runs each; the checks cache per-file facts, so a re-check (the form re-checks on
 * every keystroke in the labels) is cheap. Run: npx tsx bench/datasets.bench.ts
 */
import { performance } from "node:perf_hooks";
import { parseSplitText } from "../server/domain/datasets/dataset-file.ts";
import { checkDataset } from "../server/domain/datasets/dataset-input.ts";

const HALLMARKS = [
  "apoptosis",
  "angiogenesis",
  "immune",
  "invasion",
  "proliferation",
  "metabolism",
  "genome",
  "inflammation",
];

/** multi-label rows shaped like mini-hoc's: a ~110-character abstract and 0–3 comma-separated labels */
function rows(n: number): { input: string; output: string }[] {
  return Array.from({ length: n }, (_, i) => {
    const labels = HALLMARKS.filter((_, k) => (i * 7 + k * 13) % 11 < 2).slice(0, 3);
    return {
      input: `Abstract ${i}: the tumour cells showed altered ${labels.join(" and ") || "nothing notable"} under treatment arm ${i % 17}.`,
      output: labels.join(",") || "none",
    };
  });
}

const jsonl = (r: ReturnType<typeof rows>) => r.map((x) => JSON.stringify(x)).join("\n");
const csv = (r: ReturnType<typeof rows>) =>
  `input,output\n${r.map((x) => `"${x.input.replaceAll('"', '""')}","${x.output}"`).join("\n")}`;

function median(fn: () => void, runs = 5): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)] ?? 0;
}

const cases = [
  { name: "JSONL, 20k rows", file: "train.jsonl", text: jsonl(rows(20_000)) },
  { name: "CSV, 20k rows", file: "train.csv", text: csv(rows(20_000)) },
  { name: "JSONL, 400k rows", file: "train.jsonl", text: jsonl(rows(400_000)) },
];
console.log(
  "| file | size | parse (ms) | first check (ms) | re-check, e.g. a label typed (ms) |\n|---|---|---|---|---|",
);
for (const c of cases) {
  const parseMs = median(() => parseSplitText(c.file, c.text));
  const first: number[] = [];
  const again: number[] = [];
  for (let i = 0; i < 5; i++) {
    const parsed = parseSplitText(c.file, c.text);
    const upload = [{ split: "train" as const, fileName: c.file, bytes: c.text.length, parsed }];
    first.push(median(() => checkDataset(upload, { metric: "macro_f1", labels: [] }), 1));
    again.push(median(() => checkDataset(upload, { metric: "macro_f1", labels: HALLMARKS }), 1));
  }
  const mid = (xs: number[]) => xs.sort((a, b) => a - b)[2] ?? 0;
  console.log(
    `| ${c.name} | ${(c.text.length / 1048576).toFixed(1)} MiB | ${parseMs.toFixed(0)} | ${mid(first).toFixed(0)} | ${mid(again).toFixed(1)} |`,
  );
}
