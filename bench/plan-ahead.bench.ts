/**
 * Do slots wait for the Researcher? An exploration runs on the real orchestrator (SQLite, default 1 s tick) with a
 * runner whose jobs take a set time, and the Researcher is the offline planner or the OpenAI-protocol test server
 * answering after 0, 10 and 30 s (through the real @ai-sdk/openai-compatible provider). Reports slot utilisation
 * (busy slot-seconds over slots × the span from the first training job's start to the last job's end) and the idle
 * gaps on a slot between one job's end and the next one's start (p50/p95/max).
 * Targets: idle < 2 s p95 with the offline planner, < 5 s p95 with a 30 s planner.
 * Run: npx tsx bench/plan-ahead.bench.ts   (env PLAN_BENCH_DELAYS="offline,0,10,30" PLAN_BENCH_JOB_S=20
 *      PLAN_BENCH_RUNS=10 PLAN_BENCH_SLOTS=2)
 */
import type { JobResult, WorkerJobSpec } from "../server/contract/job-protocol.ts";
import type { JobRef, RunnerJobState } from "../server/runners/types.ts";
import { FakeRunner, result } from "../server/testing/fake-runner.ts";
import { createTestDb } from "../server/testing/test-db.ts";
import { registerRunner } from "../server/services/runner-registry.ts";
import { createExploration } from "../server/services/exploration-service.ts";
import { findExploration } from "../server/repositories/exploration-repository.ts";
import { buildAgentRuntime, offlineRuntime, setAgentRuntime } from "../server/agents/providers/agent-runtime.ts";
import { createLanguageModel } from "../server/agents/providers/model-factory.ts";
import { isPlanReview } from "../server/agents/testing/fixtures.ts";
import { OpenAiCompatibleServer } from "../server/agents/testing/openai-compatible-server.ts";
import { Orchestrator } from "../server/orchestrator/orchestrator.ts";
import { machine, stats, writeJson } from "./canvas-server.ts";

const DELAYS = (process.env.PLAN_BENCH_DELAYS ?? "offline,0,10,30").split(",");
const JOB_S = Number(process.env.PLAN_BENCH_JOB_S ?? 20);
const RUNS = Number(process.env.PLAN_BENCH_RUNS ?? 10);
const SLOTS = Number(process.env.PLAN_BENCH_SLOTS ?? 2);
/** the baseline only evaluates */
const EVAL_S = 2;

interface Timed {
  slot: number;
  start: number;
  end: number;
  training: boolean;
}

/** Jobs end by themselves after their time (training jobs JOB_S ± 10 %, the baseline EVAL_S); slots are tracked. */
class TimedRunner extends FakeRunner {
  readonly timeline = new Map<string, Timed>();
  private score = 0.5;

  override async submit(spec: WorkerJobSpec) {
    const now = Date.now();
    const busy = new Set([...this.timeline.values()].filter((j) => j.end > now).map((j) => j.slot));
    let slot = 0;
    while (busy.has(slot)) slot++;
    const training = "training" in spec && spec.training.steps > 0;
    const seconds = training ? JOB_S * (0.9 + 0.2 * Math.random()) : EVAL_S;
    this.timeline.set(spec.jobId, { slot, start: now, end: now + seconds * 1000, training });
    return super.submit(spec);
  }

  override async status(jobs: readonly JobRef[]) {
    const states = await super.status(jobs);
    for (const j of jobs) {
      const timed = this.timeline.get(j.jobId);
      const job = this.jobs.get(j.jobId);
      if (timed && job && !job.result && Date.now() >= timed.end) {
        const r: JobResult = result(job.spec, "succeeded", (this.score += 0.005));
        const seconds = (timed.end - timed.start) / 1000;
        job.result = { ...r, cost: { cpuSeconds: seconds, gpuSeconds: 0, wallSeconds: seconds } };
        job.state = "exited";
        states.set(j.jobId, "exited" as RunnerJobState);
      }
    }
    return states;
  }
}

/** A reply with four learning-rate plans, distinct for every call (identical plans would be reused, not run). */
function expansionReply(call: number) {
  const plans = [1, 2, 3, 4].map((k) => ({
    direction: "tune_hyperparameters",
    title: `lr search ${call}.${k}`,
    rationale: "Search the learning rate.",
    hypotheses: ["a better rate"],
    recipe: { operators: [{ op: "load", source: "task:train", limit: 4000 }] },
    config: { steps: 50, learningRate: Number((0.0005 * k + call * 0.00001).toFixed(6)) },
    warmStart: false,
  }));
  return { kind: "text" as const, content: JSON.stringify({ diagnosis: "Keep searching.", plans }) };
}

async function runOnce(delay: string) {
  const t = await createTestDb();
  const runner = new TimedRunner(SLOTS);
  registerRunner(runner);
  setAgentRuntime(offlineRuntime());
  const llm =
    delay === "offline"
      ? null
      : new OpenAiCompatibleServer({
          replyDelayMs: Number(delay) * 1000,
          // the Executor's plan review passes every plan on to the rules at once: the bench measures the
          // Researcher's delay (the test server delays scripted replies only)
          route: (body) =>
            isPlanReview(JSON.stringify(body.messages)) ? { kind: "text", content: '{"verdicts":[]}' } : null,
        });
  try {
    const e = await createExploration(t.db, {
      goal: "Classify short reviews as positive or negative, maximise accuracy.",
      taskId: "mini-sst2",
      budget: { rounds: 50, trainingRuns: RUNS, computeSeconds: 1e7, wallSeconds: 3600, tokens: 0 },
    });
    if (llm) {
      for (let call = 1; call <= 100; call++) llm.push(expansionReply(call));
      const url = await llm.start();
      const configured = createLanguageModel({
        provider: "openai-compatible",
        model: "bench",
        baseUrl: `${url}/v1`,
        apiKey: undefined,
        structuredOutputs: false,
      });
      setAgentRuntime(
        buildAgentRuntime({
          model: configured?.model ?? null,
          modelName: configured?.name ?? "none",
          network: false,
          timeoutMs: 120_000,
          maxRetries: 1,
        }),
      );
    }
    const orchestrator = new Orchestrator(t.db, { tickMs: 1_000, onError: (_, err) => console.error(err) });
    const t0 = Date.now();
    orchestrator.start();
    for (;;) {
      await new Promise((r) => setTimeout(r, 500));
      const x = await findExploration(t.db, e.id);
      if (x && x.status !== "running") break;
      if (Date.now() - t0 > 30 * 60_000) throw new Error("the exploration did not finish in 30 minutes");
    }
    await orchestrator.stop();
    const jobs = [...runner.timeline.values()];
    const trainingJobs = jobs.filter((j) => j.training);
    const spanStart = Math.min(...trainingJobs.map((j) => j.start));
    const spanEnd = Math.max(...jobs.map((j) => j.end));
    const busy = trainingJobs.reduce((s, j) => s + (j.end - j.start), 0);
    const gaps: number[] = [];
    for (let slot = 0; slot < SLOTS; slot++) {
      const onSlot = jobs.filter((j) => j.slot === slot && j.end > spanStart).sort((a, b) => a.start - b.start);
      for (let i = 1; i < onSlot.length; i++) {
        const prev = onSlot[i - 1];
        const cur = onSlot[i];
        if (prev && cur && prev.training) gaps.push((cur.start - prev.end) / 1000);
      }
    }
    const root = jobs.find((j) => !j.training);
    const firstPlanWait = root ? (spanStart - root.end) / 1000 : null;
    const gap = stats(gaps);
    return {
      planner: delay === "offline" ? "offline" : `OpenAI-protocol, ${delay} s`,
      trainingJobs: trainingJobs.length,
      wallSeconds: (Date.now() - t0) / 1000,
      utilisation: busy / (SLOTS * (spanEnd - spanStart)),
      gaps: gaps.length,
      idleP50: gap.p50,
      idleP95: gap.p95,
      idleMax: gap.max,
      firstPlanWait,
      plannerCalls: llm?.requests.length ?? null,
    };
  } finally {
    await llm?.stop();
    setAgentRuntime(null);
    await t.cleanup();
  }
}

async function main() {
  const rows = [];
  for (const d of DELAYS) {
    const row = await runOnce(d.trim());
    console.log(JSON.stringify(row));
    rows.push(row);
  }
  console.table(
    rows.map((r) => ({
      ...r,
      utilisation: `${(r.utilisation * 100).toFixed(0)} %`,
      idleP50: r.idleP50.toFixed(2),
      idleP95: r.idleP95.toFixed(2),
      idleMax: r.idleMax.toFixed(2),
      firstPlanWait: r.firstPlanWait?.toFixed(1),
    })),
  );
  writeJson("plan-ahead.json", { machine: machine(), jobSeconds: JOB_S, slots: SLOTS, runs: RUNS, rows });
}

void main();
