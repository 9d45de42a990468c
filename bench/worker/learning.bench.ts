/**
 * Does the worker learn? For every FT-Bench-mini task: the untouched base model (steps 0, the baseline root of
 * a search) against one sensible fine-tuning run (clean recipe, tiny-base), both scored on validation and test.
 * Real training on CPU through the worker's CLI. Writes bench/out/learning.{json,md}.
 *
 *   npx tsx bench/worker/learning.bench.ts [--tasks mini-sst2,mini-gta] [--steps 600] [--parallel 2]
 *
 * Resumable: tasks already measured in the output folder's learning.json (same model and steps) are kept, not
 * trained again. A task whose run fails is reported with its error and the others go on.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { jobResultSchema, jobSpecSchema, type JobSpec } from "../../server/contract/job-protocol.ts";
import { TASK_IDS } from "../../server/domain/tasks/task-registry.ts";
import { PYTHON } from "../../server/testing/tiny-job.ts";

const { values } = parseArgs({
  options: {
    tasks: { type: "string", default: TASK_IDS.join(",") },
    steps: { type: "string", default: "600" },
    model: { type: "string", default: "tiny-base" },
    parallel: { type: "string", default: "2" },
    out: { type: "string", default: path.join("bench", "out") },
  },
});
const tasks = (values.tasks ?? "").split(",").filter(Boolean);
const steps = Number(values.steps);
const WORKER = path.join(import.meta.dirname, "..", "..", "worker");
const root = fs.mkdtempSync(path.join(os.tmpdir(), "trex-learning-"));

interface Row {
  task: string;
  baselineVal: number;
  baselineTest: number;
  tunedVal: number;
  tunedTest: number;
  steps: number;
  /** steps the run got through (fewer than asked when the time limit stopped it) */
  trainedSteps: number;
  trainSeconds: number;
  /** why the task has no scores (its run failed) */
  error?: string;
}

function spec(task: string, trained: boolean): JobSpec {
  return jobSpecSchema.parse({
    version: 1,
    jobId: `${task}-${trained ? "tuned" : "base"}`,
    nodeId: "bench",
    task: { id: task, seed: 0 },
    recipe: {
      operators: [
        { op: "load", source: "task:train", limit: 6000 },
        { op: "dedup", mode: "exact" },
        { op: "filter", rule: "valid_label" },
      ],
    },
    // no time limit worth the name: a loaded machine must not cut the run short and report a half-trained model
    training: { baseModel: values.model, steps: trained ? steps : 0, batchSize: 32, learningRate: 3e-3, maxSeconds: 86_400 },
    evaluation: { splits: ["validation", "test"], maxExamples: 300, badCases: 0 },
  });
}

async function run(job: JobSpec): Promise<{ val: number; test: number; seconds: number; trainedSteps: number }> {
  const dir = path.join(root, job.jobId);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "job.json"), JSON.stringify(job));
  const started = Date.now();
  const code = await new Promise<number>((resolve) => {
    const p = spawn(PYTHON, ["-m", "trex_worker", "run", "--job-dir", dir], {
      env: { ...process.env, PYTHONPATH: WORKER, TREX_WORKER_THREADS: "1" },
      stdio: ["ignore", "ignore", "pipe"],
    });
    p.stderr.on("data", () => undefined);
    p.on("exit", (c) => resolve(c ?? 1));
  });
  const result = jobResultSchema.parse(JSON.parse(fs.readFileSync(path.join(dir, "result.json"), "utf8")));
  if (code !== 0 || result.status !== "succeeded") throw new Error(`${job.jobId}: ${result.error ?? `exit ${code}`}`);
  const val = result.metrics.validation?.primary;
  const test = result.metrics.test?.primary;
  if (val === undefined || test === undefined) throw new Error(`${job.jobId}: no primary metric`);
  return { val, test, seconds: (Date.now() - started) / 1000, trainedSteps: result.train?.steps ?? 0 };
}

async function bench(task: string): Promise<Row> {
  const base = await run(spec(task, false));
  const tuned = await run(spec(task, true));
  const row = {
    task,
    baselineVal: base.val,
    baselineTest: base.test,
    tunedVal: tuned.val,
    tunedTest: tuned.test,
    steps,
    trainedSteps: tuned.trainedSteps,
    trainSeconds: tuned.seconds,
  };
  console.log(`${task}: base ${base.val.toFixed(3)}/${base.test.toFixed(3)} → tuned ${tuned.val.toFixed(3)}/${tuned.test.toFixed(3)} in ${tuned.seconds.toFixed(0)} s`);
  return row;
}

const out = values.out ?? "bench/out";
fs.mkdirSync(out, { recursive: true });
const f = (v: number) => v.toFixed(3);
const rows: Row[] = previousRows();

/** The rows an interrupted run of the same measurement already wrote (failed tasks are tried again). */
function previousRows(): Row[] {
  const file = path.join(out, "learning.json");
  if (!fs.existsSync(file)) return [];
  const before = JSON.parse(fs.readFileSync(file, "utf8")) as { model: string; steps: number; rows: Row[] };
  if (before.model !== values.model || before.steps !== steps) return [];
  return before.rows.filter((r) => tasks.includes(r.task) && !r.error);
}

/** Written after every task, so an interrupted run keeps what it measured. */
function write(): void {
  rows.sort((a, b) => tasks.indexOf(a.task) - tasks.indexOf(b.task));
  const machine = { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, load: os.loadavg(), at: new Date().toISOString() };
  fs.writeFileSync(path.join(out, "learning.json"), JSON.stringify({ machine, model: values.model, steps, rows }, null, 2));
  const md = [
    `| task | base val | base test | tuned val | tuned test | steps | train+eval s |`,
    `|---|---|---|---|---|---|---|`,
    ...rows.map((r) =>
      r.error
        ? `| ${r.task} | failed: ${r.error.replaceAll("|", "/").slice(0, 200)} | | | | | |`
        : `| ${r.task} | ${f(r.baselineVal)} | ${f(r.baselineTest)} | ${f(r.tunedVal)} | ${f(r.tunedTest)} | ${r.trainedSteps} | ${r.trainSeconds.toFixed(0)} |`,
    ),
  ].join("\n");
  fs.writeFileSync(path.join(out, "learning.md"), `${md}\n`);
}

const queue = tasks.filter((t) => !rows.some((r) => r.task === t));
const failed = (task: string, e: unknown): Row => {
  console.error(`${task}: ${String(e)}`);
  return { task, baselineVal: 0, baselineTest: 0, tunedVal: 0, tunedTest: 0, steps, trainedSteps: 0, trainSeconds: 0, error: String(e) };
};
await Promise.all(
  Array.from({ length: Math.max(1, Number(values.parallel)) }, async () => {
    for (let task = queue.shift(); task; task = queue.shift()) {
      rows.push(await bench(task).catch((e: unknown) => failed(task, e)));
      write();
    }
  }),
);
console.log(fs.readFileSync(path.join(out, "learning.md"), "utf8"));
fs.rmSync(root, { recursive: true, force: true });
