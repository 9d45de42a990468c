/**
 * Dry-run before dispatch, with the real worker's `dryrun` kind: a plan whose recipe leaves no rows is refused
 * before any job exists (and repaired); a plan with a new recipe keeps the dry-run's report for the review panel;
 * a recipe the parent already trained on is not dry-run again; recipes dry-run while planning need no worker
 * process once their plans are stored.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { trainingConfigSchema, type DataRecipe } from "../contract/job-protocol.ts";
import { createTestDb, type TestDb } from "../testing/test-db.ts";
import { FakeRunner } from "../testing/fake-runner.ts";
import { listNodes } from "../repositories/node-repository.ts";
import { findExploration } from "../repositories/exploration-repository.ts";
import { createExploration } from "./exploration-service.ts";
import { createNode } from "./node-lifecycle.ts";
import { registerRunner } from "./runner-registry.ts";
import { withEvents } from "./transaction.ts";
import { dryRunPendingPlans, dryRunPlannedRecipes, dryRunRecipe } from "./dry-run-service.ts";
import { env } from "../env.ts";

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
  registerRunner(new FakeRunner(2));
});
afterEach(() => t.cleanup());

const LOAD: DataRecipe = { operators: [{ op: "load", source: "task:train", limit: 200 }] };
const EMPTY: DataRecipe = {
  operators: [...LOAD.operators, { op: "filter", rule: "regex", field: "output", pattern: "no such label" }],
};

async function exploration() {
  return createExploration(t.db, {
    goal: "Classify short reviews as positive or negative.",
    taskId: "mini-sst2",
    budget: { rounds: 1, trainingRuns: 6, computeSeconds: 10_000, wallSeconds: 3600, tokens: 0 },
  });
}

async function child(
  explorationId: string,
  parentId: string,
  title: string,
  recipe: DataRecipe,
  status: "approved" | "awaiting_review" = "approved",
) {
  return withEvents(t.db, (tx, emit) =>
    createNode(
      tx,
      emit,
      {
        explorationId,
        parentId,
        round: 1,
        direction: "clean_data",
        plan: { title, rationale: "test", hypotheses: [] },
        recipe,
        config: trainingConfigSchema.parse({ steps: 40, batchSize: 8, learningRate: 0.003 }),
        task: { id: "mini-sst2", seed: 0 },
        baseFingerprint: null,
      },
      { to: status },
    ),
  );
}

describe("dry-run of recipes before dispatch (real worker)", () => {
  it("reports rows per operator and samples in seconds", async () => {
    const e = await exploration();
    const t0 = Date.now();
    const dry = await dryRunRecipe(t.db, e, {
      operators: [...LOAD.operators, { op: "dedup", mode: "exact", threshold: 0.9 }],
    });
    expect(Date.now() - t0).toBeLessThan(30_000);
    expect(dry.error).toBeUndefined();
    expect(dry.steps.map((s) => [s.op, s.rowsOut > 0])).toEqual([
      ["load", true],
      ["dedup", true],
    ]);
    expect(dry.steps[0]?.rowsOut).toBe(200);
    expect(dry.steps[1]?.samples?.length).toBe(3);
    expect(dry).toMatchObject({ testOverlap: 0 });
    expect(dry.rows).toBe(dry.steps[1]?.rowsOut);
  });

  it("refuses a recipe that leaves no rows before any job, keeps the report of a good one, and the repair follows", async () => {
    const e = await exploration();
    const [root] = await listNodes(t.db, e.id);
    const empty = await child(e.id, root?.id ?? "", "filters everything", EMPTY);
    const good = await child(
      e.id,
      root?.id ?? "",
      "a new recipe",
      { operators: [...LOAD.operators, { op: "sample", n: 100, seed: 1 }] },
      "awaiting_review",
    );
    const inReview = await child(e.id, root?.id ?? "", "empty, awaiting review", EMPTY, "awaiting_review");
    const current = async () => {
      const x = await findExploration(t.db, e.id);
      if (!x) throw new Error("no exploration");
      return x;
    };
    expect(await dryRunPendingPlans(t.db, await current())).toBe(true);
    const nodes = await listNodes(t.db, e.id);
    const refused = nodes.find((n) => n.id === empty.id);
    expect(refused?.status).toBe("failed");
    expect(refused?.error).toBe("refused by the Executor: the dry-run left no training rows (after filter)");
    expect(refused?.config.steps).toBe(0); // no training run was spent
    expect(refused?.report?.failure).toEqual({ kind: "empty_recipe", plannedSteps: 40 });
    expect(await t.db.job.count({ where: { nodeId: empty.id } })).toBe(0);
    const kept = nodes.find((n) => n.id === good.id);
    expect(kept?.status).toBe("awaiting_review");
    expect(kept?.report?.dryRun).toMatchObject({ rows: 100, testOverlap: 0 });
    expect(kept?.report?.dryRun?.steps.map((s) => s.rowsOut)).toEqual([200, 100]);
    // in review, the reviewer sees the refusal's facts; the node is refused only once it is approved
    const waiting = nodes.find((n) => n.id === inReview.id);
    expect(waiting?.status).toBe("awaiting_review");
    expect(waiting?.report?.dryRun?.rows).toBe(0);
    // dry-run once: the next step leaves them alone
    expect(await dryRunPendingPlans(t.db, await current())).toBe(false);

    const { repairFailedNodes } = await import("./repair-service.ts");
    expect(await repairFailedNodes(t.db, await current(), () => new Date())).toBe(true);
    const repair = (await listNodes(t.db, e.id)).find((n) => n.plan.repairOf?.nodeId === empty.id);
    expect(repair?.plan.title).toBe(`repair of #${empty.ordinal}: removed recipe step 2 (filter regex no such label)`);
    expect(repair?.config.steps).toBe(40);
    expect(repair?.recipe).toEqual(LOAD);
  }, 120_000);

  it("dry-runs planned recipes while planning, so stored plans need no worker process before dispatch", async () => {
    const e = await exploration();
    const [root] = await listNodes(t.db, e.id);
    if (!root) throw new Error("no root");
    const planned: DataRecipe = { operators: [...LOAD.operators, { op: "sample", n: 120, seed: 7 }] };
    const notPlanned: DataRecipe = { operators: [...LOAD.operators, { op: "sample", n: 80, seed: 7 }] };
    const steps = { steps: 40 };
    await dryRunPlannedRecipes(t.db, e, root, [
      { recipe: planned, config: steps, failure: null },
      { recipe: planned, config: steps, failure: null },
      { recipe: notPlanned, config: steps, failure: "planning failed: test" },
    ]);
    const made = await child(e.id, root.id, "planned ahead", planned);
    const other = await child(e.id, root.id, "not dry-run while planning", notPlanned);
    const python = env.TREX_PYTHON;
    env.TREX_PYTHON = "/nonexistent/python"; // from here a dry-run that needs the worker cannot run
    try {
      await dryRunPendingPlans(t.db, e);
    } finally {
      env.TREX_PYTHON = python;
    }
    const nodes = await listNodes(t.db, e.id);
    expect(nodes.find((n) => n.id === made.id)?.report?.dryRun).toMatchObject({ rows: 120, testOverlap: 0 });
    expect(nodes.find((n) => n.id === made.id)?.status).toBe("approved");
    // the failed plan's recipe was not dry-run while planning: it needed the worker, which could not run
    expect(nodes.find((n) => n.id === other.id)?.report?.dryRun?.error).toBe("the worker wrote no dry-run result");
  }, 120_000);
});
