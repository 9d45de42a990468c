/**
 * Search efficiency on FT-Bench-mini: MCTS, GBFS, SES and random node selection (all with the offline
 * planner) against Optuna's TPE over the same configuration space, at the same training budget.
 * Every method trains for real with the tiny backend. Writes bench/out/search.{json,md,png}.
 *
 *   npx tsx bench/search/search.bench.ts --tasks mini-sst2 --seeds 0,1 --runs 8 --compute 600
 *   npx tsx bench/search/search.bench.ts --quick      (one task, one seed, small budget: CI keeps it working)
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { anytimeCurve, type CurvePoint } from "../../server/domain/leaderboard/leaderboard-entry.ts";
import { Orchestrator } from "../../server/orchestrator/orchestrator.ts";
import { listNodes } from "../../server/repositories/node-repository.ts";
import { findExploration } from "../../server/repositories/exploration-repository.ts";
import { createExploration } from "../../server/services/exploration-service.ts";
import { createTestDb } from "../../server/testing/test-db.ts";
import { PYTHON } from "../../server/testing/tiny-job.ts";
import type { PolicyName } from "../../server/domain/tree/policies.ts";

interface RunResult {
  task: string;
  method: string;
  seed: number;
  baseline: number;
  best: number;
  bestTest: number | null;
  trainingRuns: number;
  computeSeconds: number;
  reuseSavedSeconds: number;
  curve: CurvePoint[];
}

const { values } = parseArgs({
  options: {
    tasks: { type: "string", default: "mini-sst2" },
    seeds: { type: "string", default: "0,1" },
    methods: { type: "string", default: "mcts,gbfs,ses,random,tpe" },
    runs: { type: "string", default: "8" },
    compute: { type: "string", default: "600" },
    quick: { type: "boolean", default: false },
    // re-summarise a recorded run (bench/out/search.json) without training again
    from: { type: "string" },
    out: { type: "string" },
  },
});
const quick = values.quick ?? false;
const tasks = (quick ? "mini-sst2" : (values.tasks ?? "")).split(",").filter(Boolean);
const seeds = (quick ? "0" : (values.seeds ?? "0")).split(",").map(Number);
const methods = (quick ? "mcts,tpe" : (values.methods ?? "")).split(",").filter(Boolean);
const runs = quick ? 1 : Number(values.runs);
// quick: one training run per method, with room for a TPE trial of the real backend (its steps are sampled up to 1,200)
const compute = quick ? 600 : Number(values.compute);

async function runPolicy(task: string, policy: PolicyName, seed: number): Promise<RunResult> {
  const t = await createTestDb();
  try {
    const e = await createExploration(t.db, {
      goal: `Benchmark ${task} with ${policy}`,
      taskId: task,
      policy,
      seed,
      budget: { rounds: 20, trainingRuns: runs, computeSeconds: compute, wallSeconds: 24 * 3600, tokens: 0 },
    });
    const orchestrator = new Orchestrator(t.db, { tickMs: 300, onError: (_, err) => console.error(err) });
    orchestrator.start();
    for (;;) {
      const x = await findExploration(t.db, e.id);
      if (!x || !["running", "paused"].includes(x.status)) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    await orchestrator.stop();
    const nodes = await listNodes(t.db, e.id);
    const root = nodes.find((n) => n.parentId === null);
    const trained = nodes.filter((n) => n.parentId !== null && n.status === "succeeded");
    const best = trained.sort((a, b) => (b.score ?? 0) - (a.score ?? 0))[0];
    const byId = new Map(nodes.map((n) => [n.id, n]));
    return {
      task,
      method: policy,
      seed,
      baseline: root?.score ?? 0,
      best: Math.max(best?.score ?? 0, root?.score ?? 0),
      bestTest: best?.testScore ?? null,
      trainingRuns: nodes.filter((n) => n.config.steps > 0 && !n.reusedFromId && n.status !== "pruned").length,
      computeSeconds: nodes.reduce((s, n) => s + n.computeSeconds, 0),
      reuseSavedSeconds: nodes
        .filter((n) => n.reusedFromId)
        .reduce((s, n) => s + (byId.get(n.reusedFromId ?? "")?.computeSeconds ?? 0), 0),
      curve: anytimeCurve(
        nodes.map((n) => ({
          ...n,
          reused: n.reusedFromId !== null,
          finishedAt: n.updatedAt,
          method: n.config.method,
        })),
      ),
    };
  } finally {
    await t.cleanup();
  }
}

async function runTpe(task: string, seed: number, baseline: number): Promise<RunResult> {
  const jobsDir = fs.mkdtempSync(path.join(os.tmpdir(), "trex-tpe-"));
  const lines: string[] = [];
  await new Promise<void>((resolve, reject) => {
    const p = spawn(
      PYTHON,
      [
        "bench/search/tpe_search.py",
        "--task",
        task,
        "--seed",
        String(seed),
        "--runs",
        String(runs),
        "--compute",
        String(compute),
        "--jobs-dir",
        jobsDir,
      ],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    p.stdout.on("data", (d: Buffer) => lines.push(...d.toString().split("\n").filter(Boolean)));
    p.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`tpe_search exited ${code}`))));
  });
  fs.rmSync(jobsDir, { recursive: true, force: true });
  const trials = lines.map(
    (l) => JSON.parse(l) as { score: number | null; testScore: number | null; computeSeconds: number },
  );
  let spent = 0;
  let best = baseline;
  let bestTest: number | null = null;
  const curve: CurvePoint[] = [{ computeSeconds: 0, best: baseline }];
  // a trial that would end past the budget does not count: every method is held to the same compute
  for (const tr of trials) {
    if (spent + tr.computeSeconds > compute) break;
    spent += tr.computeSeconds;
    if (tr.score !== null && tr.score > best) {
      best = tr.score;
      bestTest = tr.testScore;
    }
    curve.push({ computeSeconds: spent, best });
  }
  return {
    task,
    method: "tpe",
    seed,
    baseline,
    best,
    bestTest,
    trainingRuns: curve.length - 1,
    computeSeconds: spent,
    reuseSavedSeconds: 0,
    curve,
  };
}

async function main() {
  if (values.from) {
    const recorded = JSON.parse(fs.readFileSync(values.from, "utf8")) as { results: RunResult[] };
    const table = summarise(recorded.results);
    fs.writeFileSync(values.from.replace(/\.json$/, ".md"), table);
    console.log(table);
    await plot(values.from, values.from.replace(/\.json$/, ".png"));
    return;
  }
  const results: RunResult[] = [];
  for (const task of tasks) {
    for (const seed of seeds) {
      let baseline = 0;
      for (const method of methods) {
        const started = Date.now();
        const r =
          method === "tpe" ? await runTpe(task, seed, baseline) : await runPolicy(task, method as PolicyName, seed);
        if (method !== "tpe") baseline = r.baseline;
        results.push(r);
        console.log(
          `${task} seed ${seed} ${method.padEnd(6)} best ${r.best.toFixed(4)} (baseline ${r.baseline.toFixed(4)}) runs ${r.trainingRuns} compute ${Math.round(r.computeSeconds)} s reuse saved ${Math.round(r.reuseSavedSeconds)} s [${Math.round((Date.now() - started) / 1000)} s wall]`,
        );
      }
    }
  }
  // the quick variant only proves the pipeline works, so it leaves the recorded results in bench/out alone
  const outDir =
    values.out ?? (quick ? fs.mkdtempSync(path.join(os.tmpdir(), "trex-search-bench-")) : path.join("bench", "out"));
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(
    path.join(outDir, "search.json"),
    JSON.stringify(
      { machine: `${os.cpus().length} cores, ${os.cpus()[0]?.model ?? "cpu"}`, runs, compute, seeds, tasks, results },
      null,
      2,
    ),
  );
  const table = summarise(results);
  fs.writeFileSync(path.join(outDir, "search.md"), table);
  console.log(`\n${table}`);
  const plotted = await plot(path.join(outDir, "search.json"), path.join(outDir, "search.png"));
  const broken = results.filter((r) => r.trainingRuns === 0 || r.computeSeconds <= 0 || r.curve.length === 0);
  if (plotted !== 0 || broken.length > 0) {
    console.error(
      `search benchmark broken: plot exit ${plotted}; runs without training: ${broken.map((r) => `${r.task}/${r.method}/${r.seed}`).join(", ") || "none"}`,
    );
    process.exit(1);
  }
  console.log(`written to ${outDir}`);
}

function plot(json: string, png: string): Promise<number | null> {
  return new Promise((resolve) =>
    spawn(PYTHON, ["bench/search/plot_search.py", json, png], { stdio: "inherit" }).on("exit", resolve),
  );
}

function summarise(results: RunResult[]): string {
  const rows = [
    "| task | method | seeds | final best (val) | test of best | gain over root | gain over first run | training runs | compute (s) | saved by reuse (s) |",
    "|---|---|---|---|---|---|---|---|---|---|",
  ];
  // the curve starts at the root (or the baseline for TPE); its second point is the best after the first trained run
  const afterFirstRun = (r: RunResult) => r.curve[1]?.best ?? r.best;
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
  const unique = (xs: string[]) => [...new Set(xs)];
  for (const task of unique(results.map((r) => r.task))) {
    for (const method of unique(results.map((r) => r.method))) {
      const rs = results.filter((r) => r.task === task && r.method === method);
      if (rs.length === 0) continue;
      const tests = rs.map((r) => r.bestTest).filter((x): x is number => x !== null);
      rows.push(
        `| ${task} | ${method} | ${rs.length} | ${mean(rs.map((r) => r.best)).toFixed(3)} | ${tests.length ? mean(tests).toFixed(3) : "—"} | ${mean(rs.map((r) => r.best - r.baseline)).toFixed(3)} | ${mean(rs.map((r) => r.best - afterFirstRun(r))).toFixed(3)} | ${mean(rs.map((r) => r.trainingRuns)).toFixed(1)} | ${Math.round(mean(rs.map((r) => r.computeSeconds)))} | ${Math.round(mean(rs.map((r) => r.reuseSavedSeconds)))} |`,
      );
    }
  }
  return `${rows.join("\n")}\n`;
}

void main();
