/** A fork copies a node's recipe into a new tree whose baseline has no code: its code steps wait for a reviewer. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { trainingConfigSchema, type DataRecipe } from "../contract/job-protocol.ts";
import { offlineRuntime, setAgentRuntime } from "../agents/providers/agent-runtime.ts";
import { findNode, listNodes } from "../repositories/node-repository.ts";
import { FakeRunner } from "../testing/fake-runner.ts";
import { createTestDb, type TestDb } from "../testing/test-db.ts";
import { createExploration, stopExploration } from "./exploration-service.ts";
import { forkFromNode } from "./fork-service.ts";
import { createNode } from "./node-lifecycle.ts";
import { registerRunner } from "./runner-registry.ts";
import { withEvents } from "./transaction.ts";

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
  registerRunner(new FakeRunner(2));
  setAgentRuntime(offlineRuntime());
});
afterEach(async () => {
  setAgentRuntime(null);
  await t.cleanup();
});

const CODE = "def transform(row):\n    return {**row, 'input': row['input'].lower()}\n";
const load = { op: "load" as const, source: "task:train", limit: 100 };
const recipeWithCode: DataRecipe = {
  operators: [load, { op: "python", code: CODE, timeoutSeconds: 60, memoryMiB: 1024 }],
};

describe("forking a code step", () => {
  it("waits for a reviewer in auto mode; a fork without code does not", async () => {
    const e = await createExploration(t.db, {
      goal: "Classify short reviews as positive or negative.",
      taskId: "mini-sst2",
      approvalMode: "auto",
    });
    const [root] = await listNodes(t.db, e.id);
    const child = (title: string, recipe: DataRecipe) =>
      withEvents(t.db, (tx, emit) =>
        createNode(
          tx,
          emit,
          {
            explorationId: e.id,
            parentId: root?.id ?? null,
            round: 1,
            direction: "clean_data",
            plan: { title, rationale: "test", hypotheses: [] },
            recipe,
            config: trainingConfigSchema.parse({ steps: 10, batchSize: 8, learningRate: 0.003 }),
            task: { id: "mini-sst2", seed: 0 },
            baseFingerprint: null,
          },
          { to: "awaiting_review" },
        ),
      );
    const coded = await child("lower-cases inputs", recipeWithCode);
    const plain = await child("plain", { operators: [load] });
    const forkedCode = await forkFromNode(t.db, coded.id);
    const forkedPlain = await forkFromNode(t.db, plain.id);
    expect((await findNode(t.db, forkedCode.nodeId))?.status).toBe("awaiting_review");
    expect((await findNode(t.db, forkedPlain.nodeId))?.status).toBe("approved");
    for (const id of [e.id, forkedCode.id, forkedPlain.id]) await stopExploration(t.db, id);
  });
});
