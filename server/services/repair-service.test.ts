/**
 * Repair of failed runs end to end below the UI: real SQLite, the real local runner and the real worker. An
 * exploration with a deliberately hostile configuration (a learning rate that makes the loss diverge, a batch past
 * the memory cap, a filter that drops every row) recovers by itself: each failed node gets a repaired sibling that
 * says what changed, the repairs train for real and reach scores, and every repair is a training run of the budget.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { trainingConfigSchema, type DataRecipe } from "../contract/job-protocol.ts";
import { Orchestrator } from "../orchestrator/orchestrator.ts";
import { findExploration } from "../repositories/exploration-repository.ts";
import { listNodes, type NodeRecord } from "../repositories/node-repository.ts";
import { listTracesOfNode } from "../repositories/trace-repository.ts";
import { LocalRunner } from "../runners/local/local-runner.ts";
import { createTestDb, type TestDb } from "../testing/test-db.ts";
import { PYTHON, WORKER_DIR } from "../testing/tiny-job.ts";
import { createExploration } from "./exploration-service.ts";
import { createNode } from "./node-lifecycle.ts";
import { registerRunner, unregisterRunner } from "./runner-registry.ts";
import { withEvents } from "./transaction.ts";
import { MAX_REPAIRS_PER_FAILURE } from "./repair-service.ts";

const jobsDir = fs.mkdtempSync(path.join(os.tmpdir(), "trex-repair-"));
const runner = new LocalRunner({ jobsDir, python: PYTHON, workerDir: WORKER_DIR, concurrency: 2, threads: 1 });
let t: TestDb;

beforeAll(async () => {
  registerRunner(runner);
  t = await createTestDb();
});
afterAll(async () => {
  unregisterRunner("local");
  await t?.cleanup();
  fs.rmSync(jobsDir, { recursive: true, force: true });
});

const LOAD: DataRecipe = { operators: [{ op: "load", source: "task:train", limit: 300 }] };
const HOSTILE = [
  {
    title: "hot: learning rate 1",
    recipe: LOAD,
    config: { steps: 30, batchSize: 8, learningRate: 1, warmupRatio: 0 },
  },
  {
    title: "big: batch 256 on a 200 MiB host",
    recipe: LOAD,
    config: { steps: 3, batchSize: 256, learningRate: 0.003, memoryCapMiB: 200 },
  },
  {
    title: "empty: a filter nothing passes",
    recipe: {
      operators: [...LOAD.operators, { op: "filter", rule: "regex", field: "output", pattern: "no such label" }],
    },
    config: { steps: 20, batchSize: 8, learningRate: 0.003 },
  },
] as const;

describe("the Executor repairs failed runs (real worker)", () => {
  it("a hostile exploration recovers by itself and reaches scored nodes", async () => {
    const e = await createExploration(t.db, {
      goal: "Classify short reviews as positive or negative.",
      taskId: "mini-sst2",
      baseModel: "tiny-small",
      budget: { rounds: 1, trainingRuns: 12, computeSeconds: 100_000, wallSeconds: 3600, tokens: 0 },
    });
    const [root] = await listNodes(t.db, e.id);
    await withEvents(t.db, async (tx, emit) => {
      for (const h of HOSTILE)
        await createNode(
          tx,
          emit,
          {
            explorationId: e.id,
            parentId: root?.id ?? null,
            round: 1,
            direction: "tune_hyperparameters",
            plan: { title: h.title, rationale: "a hostile configuration", hypotheses: [] },
            recipe: h.recipe as DataRecipe,
            config: trainingConfigSchema.parse({ baseModel: "tiny-small", validationPoints: 0, ...h.config }),
            task: { id: "mini-sst2", seed: 0 },
            baseFingerprint: null,
          },
          { to: "approved" },
        );
    });
    const orchestrator = new Orchestrator(t.db, { tickMs: 60_000 });
    for (let i = 0; i < 600; i++) {
      await orchestrator.settle(e.id);
      if ((await findExploration(t.db, e.id))?.status !== "running") break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const done = await findExploration(t.db, e.id);
    expect(done?.status).toBe("finished");
    const nodes = await listNodes(t.db, e.id);
    const byTitle = (title: string) => nodes.find((n) => n.plan.title === title) as NodeRecord;
    /** the repairs of a node in order, and whether the last one trained and scored */
    const chainOf = (first: NodeRecord) => {
      const chain: NodeRecord[] = [];
      for (let n = nodes.find((m) => m.plan.repairOf?.nodeId === first.id); n;) {
        chain.push(n);
        const id: string = n.id;
        n = nodes.find((m) => m.plan.repairOf?.nodeId === id);
      }
      return chain;
    };

    const hot = byTitle(HOSTILE[0].title);
    expect(hot.status).toBe("failed");
    expect(hot.report?.failure?.kind).toBe("nan_loss");
    const hotChain = chainOf(hot);
    expect(hotChain.length).toBeGreaterThanOrEqual(1);
    expect(hotChain.length).toBeLessThanOrEqual(MAX_REPAIRS_PER_FAILURE);
    expect(hotChain[0]?.plan.title).toMatch(new RegExp(`^repair of #${hot.ordinal}: learning rate 1 → 0\\.1`));
    expect(hotChain[0]?.config.learningRate).toBe(0.1);
    expect(hotChain.at(-1)).toMatchObject({ status: "succeeded", parentId: hot.parentId });
    expect(hotChain.at(-1)?.score).not.toBeNull();

    const big = byTitle(HOSTILE[1].title);
    expect(big.report?.failure?.kind).toBe("out_of_memory");
    const [bigFix] = chainOf(big);
    expect(bigFix?.plan.repairOf).toMatchObject({ ordinal: big.ordinal, failure: "out_of_memory", by: "rules" });
    expect(bigFix?.config).toMatchObject({ batchSize: 256, gradientAccumulation: 4, memoryCapMiB: 200 });
    expect(bigFix?.status).toBe("succeeded");
    expect(bigFix?.report?.train?.steps).toBe(3);

    const empty = byTitle(HOSTILE[2].title);
    expect(empty.report?.failure?.kind).toBe("empty_recipe");
    const [emptyFix] = chainOf(empty);
    expect(emptyFix?.recipe).toEqual(LOAD);
    expect(emptyFix?.plan.title).toBe(
      `repair of #${empty.ordinal}: removed recipe step 2 (filter regex no such label)`,
    );
    expect(emptyFix?.status).toBe("succeeded");

    // every repair is a training run charged to the budget, and its reasoning is in the Executor's trace
    const repairs = nodes.filter((n) => n.plan.repairOf);
    expect(repairs.every((n) => n.config.steps > 0 && n.computeSeconds > 0)).toBe(true);
    const traces = await listTracesOfNode(t.db, { nodeId: bigFix?.id ?? "", parent: null }, { limit: 50 });
    expect(traces.items.some((tr) => tr.agent === "executor" && /gradient accumulation 1 → 4/.test(tr.content))).toBe(
      true,
    );
  }, 600_000);
  it("one run both diverging and past the memory cap is repaired twice over and reaches a score", async () => {
    const e = await createExploration(t.db, {
      goal: "Classify short reviews as positive or negative.",
      taskId: "mini-sst2",
      baseModel: "tiny-small",
      budget: { rounds: 1, trainingRuns: 8, computeSeconds: 100_000, wallSeconds: 3600, tokens: 0 },
    });
    const [root] = await listNodes(t.db, e.id);
    await withEvents(t.db, (tx, emit) =>
      createNode(
        tx,
        emit,
        {
          explorationId: e.id,
          parentId: root?.id ?? null,
          round: 1,
          direction: "tune_hyperparameters",
          plan: {
            title: "hostile: learning rate 1, batch 256 on a 200 MiB host",
            rationale: "hostile",
            hypotheses: [],
          },
          recipe: LOAD,
          config: trainingConfigSchema.parse({
            baseModel: "tiny-small",
            validationPoints: 0,
            steps: 8,
            batchSize: 256,
            learningRate: 1,
            warmupRatio: 0,
            memoryCapMiB: 200,
          }),
          task: { id: "mini-sst2", seed: 0 },
          baseFingerprint: null,
        },
        { to: "approved" },
      ),
    );
    const orchestrator = new Orchestrator(t.db, { tickMs: 60_000 });
    for (let i = 0; i < 600; i++) {
      await orchestrator.settle(e.id);
      if ((await findExploration(t.db, e.id))?.status !== "running") break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect((await findExploration(t.db, e.id))?.status).toBe("finished");
    const nodes = await listNodes(t.db, e.id);
    const hostile = nodes.find((n) => n.plan.title.startsWith("hostile:")) as NodeRecord;
    const chain: NodeRecord[] = [];
    for (let id = hostile.id, n = nodes.find((m) => m.plan.repairOf?.nodeId === id); n;) {
      chain.push(n);
      id = n.id;
      n = nodes.find((m) => m.plan.repairOf?.nodeId === id);
    }
    // the memory cap fails first (before any step); its repair keeps the rate, so it diverges; that one is repaired too
    expect(hostile.report?.failure?.kind).toBe("out_of_memory");
    expect(chain[0]?.plan.repairOf).toMatchObject({ ordinal: hostile.ordinal, failure: "out_of_memory" });
    expect(chain[0]?.config).toMatchObject({ batchSize: 256, gradientAccumulation: 4, learningRate: 1 });
    expect(chain[0]?.report?.failure?.kind).toBe("nan_loss");
    expect(chain[1]?.plan.repairOf).toMatchObject({ ordinal: chain[0]?.ordinal, failure: "nan_loss" });
    expect(chain[1]?.config).toMatchObject({ gradientAccumulation: 4, learningRate: 0.1, memoryCapMiB: 200 });
    expect(chain.length).toBeLessThanOrEqual(MAX_REPAIRS_PER_FAILURE);
    const last = chain.at(-1);
    expect(last).toMatchObject({ status: "succeeded", parentId: hostile.parentId });
    expect(last?.score).not.toBeNull();
    expect(last?.config.learningRate).toBeLessThanOrEqual(0.1);
  }, 600_000);
});
