/**
 * Search efficiency on FT-Bench-mini: tree policies (with the offline planner) against Optuna's TPE and random
 * search over the same configuration space, at the same compute budget. Every job goes through a ReplayRunner:
 * `--mode real` trains everything, `replay` answers what the results store (bench/results/runs) holds and trains the
 * rest, `surrogate` answers the rest from a k-NN surrogate fitted on the store. Resumable: finished explorations
 * are kept in <out>/explorations.jsonl and skipped when the same command runs again.
 *
 *   npx tsx bench/search/search.bench.ts --mode surrogate --tasks all --seeds 0,1,2,3,4
 *   … --methods mcts,mcts-no-memory,mcts-no-insights,mcts-no-reuse   (ablations: MCTS with one part switched off)
 *   … --after random   (each tree exploration follows an unmeasured one in its database: memory and reuse have a past)
 *   npx tsx bench/search/search.bench.ts --quick   (npm test: one task, replayed twice, the tables must agree)
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { MINI_TASKS as TASKS } from "../../server/domain/tasks/task-registry.ts";
import { createRunner } from "../../server/runners/create-runner.ts";
import { registerRunner, runnerDeps } from "../../server/services/runner-registry.ts";
import { PYTHON } from "../../server/testing/tiny-job.ts";
import { checkMethods, explore, treeMethodOf, type Context, type ExplorationResult } from "./explore.ts";
import { MODES, ReplayRunner, type Mode } from "./replay-runner.ts";
import { RunStore, STORE_DIR } from "./run-store.ts";
import { pairwiseTable, perTaskTable, summarise, verdictTable } from "./stats.ts";
import { KnnSurrogate, validate } from "./surrogate.ts";

const { values } = parseArgs({
  options: {
    mode: { type: "string", default: "replay" },
    tasks: { type: "string", default: "mini-sst2" },
    seeds: { type: "string", default: "0" },
    methods: { type: "string", default: "mcts,gbfs,ses,random,tpe,randomsearch" },
    rounds: { type: "string", default: "20" },
    runs: { type: "string", default: "60" },
    compute: { type: "string", default: "3000" },
    "base-model": { type: "string", default: "tiny-small" },
    store: { type: "string", default: STORE_DIR },
    out: { type: "string", default: path.join("bench", "results", "search") },
    quick: { type: "boolean", default: false },
    // a tree method run before each measured tree exploration, on the same task and seed in the same database
    after: { type: "string" },
    // write the tables from the explorations already in <out> without running the missing ones
    "report-only": { type: "boolean", default: false },
  },
});

const list = (s: string | undefined) => (s ?? "").split(",").filter(Boolean);

interface Settings {
  mode: Mode;
  tasks: string[];
  seeds: number[];
  methods: string[];
  budget: Context["budget"];
  baseModel: string;
  /** a tree method each measured tree exploration follows in its database (memory and reuse then have a past) */
  after?: string;
}

function settingsOf(): Settings {
  const mode = values.mode as Mode;
  if (!MODES.includes(mode)) throw new Error(`--mode must be one of ${MODES.join(", ")}, not "${values.mode}"`);
  const tasks = values.tasks === "all" ? TASKS.map((t) => t.id) : list(values.tasks);
  const unknown = tasks.filter((t) => !TASKS.some((x) => x.id === t));
  if (unknown.length)
    throw new Error(`unknown task(s): ${unknown.join(", ")} (known: ${TASKS.map((t) => t.id).join(", ")})`);
  const budget = {
    rounds: Number(values.rounds),
    trainingRuns: Number(values.runs),
    computeSeconds: Number(values.compute),
  };
  if (!Object.values(budget).every((v) => Number.isFinite(v) && v > 0))
    throw new Error("--rounds, --runs and --compute must be positive numbers");
  const methods = list(values.methods);
  checkMethods([...methods, ...(values.after ? [values.after] : [])]);
  return {
    mode,
    tasks,
    seeds: list(values.seeds).map(Number),
    methods,
    budget,
    baseModel: values["base-model"] ?? "tiny-small",
    ...(values.after ? { after: values.after } : {}),
  };
}

/** What must match for a recorded exploration to stand for a new one. */
const signatureOf = (s: Settings) =>
  JSON.stringify({ mode: s.mode, budget: s.budget, baseModel: s.baseModel, after: s.after });

interface Line extends ExplorationResult {
  signature: string;
}

function readDone(file: string, signature: string): ExplorationResult[] {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .flatMap((l) => {
      try {
        const x = JSON.parse(l) as Line;
        return x.signature === signature ? [x] : [];
      } catch {
        return []; // a line cut short by an interruption: that exploration runs again
      }
    });
}

async function runAll(s: Settings, store: RunStore, outDir: string): Promise<ExplorationResult[]> {
  fs.mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, "explorations.jsonl");
  const signature = signatureOf(s);
  const done = readDone(file, signature);
  const jobsDir = fs.mkdtempSync(path.join(os.tmpdir(), "trex-search-jobs-"));
  const inner = createRunner({ kind: "local", jobsDir, concurrency: 1, threads: 1 }, runnerDeps());
  const surrogate = s.mode === "surrogate" ? KnnSurrogate.of(store, s.tasks) : undefined;
  const runner = new ReplayRunner(inner, store, s.mode, surrogate);
  registerRunner(runner, "local");
  // nothing trains for real in surrogate mode, so the loop may tick fast
  const ctx: Context = {
    runner,
    budget: s.budget,
    baseModel: s.baseModel,
    tickMs: s.mode === "surrogate" ? 5 : 500,
    ...(s.after ? { after: treeMethodOf(s.after) } : {}),
  };
  const results: ExplorationResult[] = [];
  try {
    // seeds outermost: an interrupted run has every task at the same number of seeds
    for (const seed of s.seeds)
      for (const task of s.tasks) {
        if (surrogate && !surrogate.covers(task)) {
          console.log(`${task}: skipped, the store holds no real training run of it for the surrogate to learn from`);
          continue;
        }
        for (const method of s.methods) {
          const earlier = done.find((r) => r.task === task && r.seed === seed && r.method === method);
          if (earlier) {
            results.push(earlier);
            continue;
          }
          const started = Date.now();
          const r = await explore(ctx, task, method, seed);
          fs.appendFileSync(file, `${JSON.stringify({ ...r, signature })}\n`);
          results.push(r);
          const src = r.sources;
          console.log(
            `${task} seed ${seed} ${method.padEnd(12)} best ${r.best.toFixed(4)} (baseline ${r.baseline.toFixed(4)}) runs ${r.trainingRuns} compute ${Math.round(r.computeSeconds)} s; jobs replayed ${src.replayed}, surrogate ${src.surrogate}, real ${src.real} [${((Date.now() - started) / 1000).toFixed(1)} s wall]`,
          );
        }
      }
  } finally {
    fs.rmSync(jobsDir, { recursive: true, force: true });
  }
  return results;
}

/** where the tables end and what depends on how this run was answered begins (replayed, trained) */
const PROVENANCE = "How the jobs were answered:";

function report(s: Settings, results: readonly ExplorationResult[], store: RunStore): string {
  const rows = summarise(results, s.budget.computeSeconds);
  const rivals = s.methods.filter((m) => m !== "mcts");
  const sources = s.methods.map((m) => {
    const rs = results.filter((r) => r.method === m);
    const sum = (k: "real" | "replayed" | "surrogate") => rs.reduce((a, r) => a + r.sources[k], 0);
    const total = sum("real") + sum("replayed") + sum("surrogate");
    const pct = (k: "real" | "replayed" | "surrogate") => (total ? `${((100 * sum(k)) / total).toFixed(0)}%` : "—");
    return `| ${m} | ${total} | ${pct("replayed")} | ${pct("surrogate")} | ${pct("real")} |`;
  });
  const validation = validate(store, s.tasks).map(
    (v) =>
      `| ${v.task} | ${v.runs} | ${v.spearman.toFixed(2)} | ${v.maeVal.toFixed(3)} | ${(100 * v.costError).toFixed(0)}% |`,
  );
  return [
    `Mode ${s.mode}; budget ${s.budget.computeSeconds} compute-s, at most ${s.budget.rounds} rounds and ${s.budget.trainingRuns} training runs; base model ${s.baseModel}; seeds ${s.seeds.join(",")}.${s.after ? ` Each tree exploration ran after an unmeasured ${s.after} exploration of the same task and seed in the same database (its memory and reusable results).` : ""}`,
    "",
    perTaskTable(rows),
    s.methods.includes("mcts") && rivals.length ? verdictTable(rows, "mcts", rivals) : "",
    pairwiseTable(results, s.methods, s.methods),
    PROVENANCE,
    "",
    "| method | jobs | replayed | surrogate | trained for real |",
    "|---|---|---|---|---|",
    ...sources,
    "",
    validation.length
      ? [
          `Surrogate, leave-one-out on the recorded real runs (${store.size} in the store):`,
          "",
          "| task | real runs | Spearman (val) | MAE (val) | median cost error |",
          "|---|---|---|---|---|",
          ...validation,
          "",
        ].join("\n")
      : "",
  ].join("\n");
}

function plot(json: string, png: string): Promise<number | null> {
  return new Promise((resolve) =>
    spawn(PYTHON, ["bench/search/plot_search.py", json, png], { stdio: "inherit" }).on("exit", resolve),
  );
}

async function write(s: Settings, results: readonly ExplorationResult[], store: RunStore, outDir: string) {
  const table = report(s, results, store);
  const json = path.join(outDir, "search.json");
  fs.writeFileSync(json, JSON.stringify({ ...s, results }, null, 2));
  fs.writeFileSync(path.join(outDir, "search.md"), table);
  console.log(`\n${table}`);
  return { table, plotted: await plot(json, path.join(outDir, "search.png")) };
}

async function main() {
  if (values.quick) return quick();
  const s = settingsOf();
  const store = new RunStore(values.store);
  const outDir = values.out ?? "bench/results/search";
  const results = values["report-only"]
    ? readDone(path.join(outDir, "explorations.jsonl"), signatureOf(s)).filter(
        (r) => s.tasks.includes(r.task) && s.seeds.includes(r.seed) && s.methods.includes(r.method),
      )
    : await runAll(s, store, outDir);
  const { plotted } = await write(s, results, store, outDir);
  process.exit(plotted === 0 ? 0 : 1);
}

/**
 * npm test's variant: one task and seed, MCTS and TPE with two training runs each, in replay mode against the
 * committed store (so it trains only what the store lacks), then the same command again into a fresh folder: the
 * second run must be answered wholly from the store and write the same tables.
 */
async function quick() {
  const s: Settings = {
    mode: "replay",
    tasks: ["mini-sst2"],
    seeds: [0],
    methods: ["mcts", "tpe"],
    budget: { rounds: 2, trainingRuns: 2, computeSeconds: 900 },
    baseModel: "tiny-small",
  };
  const store = new RunStore(values.store);
  const tables: string[] = [];
  let real = 0;
  for (const pass of [1, 2]) {
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), `trex-search-quick-${pass}-`));
    const results = await runAll(s, store, outDir);
    const { plotted } = await write(s, results, store, outDir);
    const broken = results.filter((r) => r.trainingRuns === 0 || r.computeSeconds <= 0 || r.curve.length === 0);
    if (plotted !== 0 || broken.length)
      throw new Error(`search benchmark broken: plot exit ${plotted}; runs without training: ${broken.length}`);
    real = results.reduce((a, r) => a + r.sources.real, 0);
    tables.push(fs.readFileSync(path.join(outDir, "search.md"), "utf8").split(PROVENANCE)[0] ?? "");
    fs.rmSync(outDir, { recursive: true, force: true });
  }
  if (real !== 0) throw new Error(`the second pass trained ${real} job(s) for real: the store did not answer them`);
  if (tables[0] !== tables[1]) throw new Error(`the replayed tables differ:\n${tables[0]}\n---\n${tables[1]}`);
  console.log("quick: the second pass was answered from the store and reproduced the tables");
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
