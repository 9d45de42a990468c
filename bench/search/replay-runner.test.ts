import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { JobResult, JobSpec, WorkerJobSpec } from "../../server/contract/job-protocol.ts";
import { tinyJob } from "../../server/testing/tiny-job.ts";
import type { JobRef, Runner } from "../../server/runners/types.ts";
import { ReplayRunner } from "./replay-runner.ts";
import { keyOf, RunStore } from "./run-store.ts";
import { KnnSurrogate } from "./surrogate.ts";

/** A runner that "trains" instantly: the score is a function of the learning rate, the cost of the steps. */
class FakeRunner implements Runner {
  readonly kind = "local" as const;
  readonly concurrency = 1;
  submitted: JobSpec[] = [];
  async submit(spec: WorkerJobSpec) {
    this.submitted.push(spec as JobSpec);
    return { externalId: "1", workDir: `/jobs/${spec.jobId}` };
  }
  async status(jobs: readonly JobRef[]) {
    return new Map(jobs.map((j) => [j.jobId, "exited" as const]));
  }
  async readEvents() {
    return {
      events: [{ type: "progress" as const, t: 1, step: 5, totalSteps: 10, loss: 0.5, lr: 0.001, tokensPerSecond: 1 }],
      offset: 10,
    };
  }
  async readLogTail() {
    return "";
  }
  async fetchResult(job: JobRef): Promise<JobResult> {
    const spec = this.submitted.find((s) => s.jobId === job.jobId);
    const lr = spec?.training.learningRate ?? 0;
    return {
      version: 1,
      jobId: job.jobId,
      status: "succeeded",
      metrics: { validation: { primary: Math.min(1, lr * 100) }, test: { primary: Math.min(1, lr * 90) } },
      badCases: [],
      errorGroups: {},
      recipeReport: [],
      cost: { cpuSeconds: (spec?.training.steps ?? 0) / 2, gpuSeconds: 0, wallSeconds: 1 },
      checkpoint: `${job.jobId}/checkpoint`,
    };
  }
  async cancel() {}
}

const dirs: string[] = [];
function storeDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), "trex-store-"));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

async function run(runner: Runner, spec: JobSpec): Promise<JobResult> {
  const ref = { jobId: spec.jobId, ...(await runner.submit(spec)) };
  expect((await runner.status([ref])).get(spec.jobId)).toBe("exited");
  const result = await runner.fetchResult(ref);
  if (!result) throw new Error("no result");
  return result;
}

const job = (id: string, lr = 0.005, steps = 20) => {
  const s = tinyJob(id, { steps });
  return { ...s, training: { ...s.training, learningRate: lr } };
};

describe("ReplayRunner", () => {
  it("trains what the store lacks, records it, and answers it from the store next time at the recorded cost", async () => {
    const dir = storeDir();
    const inner = new FakeRunner();
    const first = await run(new ReplayRunner(inner, new RunStore(dir), "replay"), job("a"));
    expect(inner.submitted).toHaveLength(1);
    expect(fs.readFileSync(path.join(dir, "mini-sst2.jsonl"), "utf8").trim().split("\n")).toHaveLength(1);

    const again = new FakeRunner();
    const replay = new ReplayRunner(again, new RunStore(dir), "replay");
    // another job id, and the time limit differs: neither is part of the fingerprint
    const spec = job("b");
    const second = await run(replay, { ...spec, training: { ...spec.training, maxSeconds: 99 } });
    expect(again.submitted).toHaveLength(0);
    expect(second.metrics).toEqual(first.metrics);
    expect(second.cost).toEqual(first.cost);
    expect(second.jobId).toBe("b");
    expect(replay.tally).toMatchObject({ replayed: 1, real: 0, seconds: { replayed: 10 } });

    // a different learning rate is a new experiment: trained for real and appended
    await run(replay, job("c", 0.002));
    expect(again.submitted).toHaveLength(1);
    expect(new RunStore(dir).size).toBe(2);
  });

  it("real mode trains even what the store holds", async () => {
    const dir = storeDir();
    await run(new ReplayRunner(new FakeRunner(), new RunStore(dir), "real"), job("a"));
    const inner = new FakeRunner();
    await run(new ReplayRunner(inner, new RunStore(dir), "real"), job("b"));
    expect(inner.submitted).toHaveLength(1);
  });

  it("keys a warm start on its parent's key, and trains a replayed parent first when the child is new", async () => {
    const dir = storeDir();
    const recorder = new ReplayRunner(new FakeRunner(), new RunStore(dir), "replay");
    const parent = await run(recorder, job("p"));
    const child = job("c", 0.007);
    await run(recorder, { ...child, training: { ...child.training, initFrom: parent.checkpoint ?? "" } });
    const store = new RunStore(dir);
    const [p, c] = store.ofTask("mini-sst2");
    expect(c?.base).toBe(p?.key);
    expect(p?.key).toBe(keyOf(job("x"), null));

    // replayed: the parent's checkpoint is virtual; the recorded child is found through it
    const inner = new FakeRunner();
    const replay = new ReplayRunner(inner, store, "replay");
    const virtualParent = await run(replay, job("p2"));
    expect(virtualParent.checkpoint).toBe(`replay/${p?.key}`);
    await run(replay, {
      ...child,
      jobId: "c2",
      training: { ...child.training, initFrom: virtualParent.checkpoint ?? "" },
    });
    expect(inner.submitted).toHaveLength(0);

    // a new child of the replayed parent: the parent is trained again to have a checkpoint to start from
    const other = job("c3", 0.003);
    await run(replay, { ...other, training: { ...other.training, initFrom: virtualParent.checkpoint ?? "" } });
    expect(inner.submitted.map((s) => s.jobId)).toEqual(["c3p", "c3"]);
    expect(inner.submitted[1]?.training.initFrom).toBe("c3p/checkpoint");
    expect(new RunStore(dir).ofTask("mini-sst2").at(-1)?.base).toBe(p?.key);
  });

  it("surrogate mode answers a new configuration from the recorded runs without training", async () => {
    const dir = storeDir();
    const recorder = new ReplayRunner(new FakeRunner(), new RunStore(dir), "replay");
    for (const [i, lr] of [0.001, 0.004, 0.008].entries()) await run(recorder, job(`r${i}`, lr, 20 * (i + 1)));
    const store = new RunStore(dir);
    const inner = new FakeRunner();
    const runner = new ReplayRunner(inner, store, "surrogate", KnnSurrogate.of(store, ["mini-sst2"]));
    const predicted = await run(runner, job("new", 0.0075, 60));
    expect(inner.submitted).toHaveLength(0);
    expect(runner.tally.surrogate).toBe(1);
    // the nearest recorded run (lr 0.008, 60 steps: val 0.8, 30 s) weighs most
    expect(predicted.metrics.validation?.primary).toBeGreaterThan(0.5);
    expect(predicted.metrics.validation?.primary).toBeLessThan(0.8);
    expect(predicted.cost.cpuSeconds).toBeGreaterThan(10);
  });

  it("skips a record cut short by an interrupted append", async () => {
    const dir = storeDir();
    await run(new ReplayRunner(new FakeRunner(), new RunStore(dir), "replay"), job("a"));
    fs.appendFileSync(path.join(dir, "mini-sst2.jsonl"), '{"key":"abc","ta');
    expect(new RunStore(dir).size).toBe(1);
  });
});
