/**
 * A repair on the canvas: the Executor's repaired sibling of a failed run carries "↻ repair of #n" on its card, a
 * click on it selects the failed node (whose inspector names the repair), and the repair's inspector says what
 * failed and what changed. The tree is seeded straight in the e2e server's database, as seed-tree.ts does.
 */
import path from "node:path";
import Database from "better-sqlite3";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { screenshotBothThemes, started, stopAll, stopExploration, trpcMutation } from "./helpers";

test.afterEach(({ request }) => stopAll(request));

async function seedRepair(request: APIRequestContext): Promise<{ id: string; failedId: string; repairId: string }> {
  const { id } = await trpcMutation<{ id: string }>(request, "exploration.create", {
    title: "Repair badge e2e",
    goal: "Classify short reviews as positive or negative; maximise accuracy.",
    taskId: "mini-sst2",
    approvalMode: "review-each-expansion",
    budget: { rounds: 2, trainingRuns: 6, computeSeconds: 1800, wallSeconds: 3600, tokens: 0 },
  });
  started.push(id);
  await stopExploration(request, id);
  const dir = process.env.TREX_E2E_DATA_DIR;
  if (!dir) throw new Error("TREX_E2E_DATA_DIR is unset: run the specs through playwright.config.ts");
  const db = new Database(path.join(dir, "trex.db"));
  db.pragma("busy_timeout = 10000");
  db.pragma("foreign_keys = ON");
  const failedId = `${id}-failed`;
  const repairId = `${id}-repair`;
  try {
    const root = db
      .prepare("SELECT id, config, createdAt FROM Node WHERE explorationId = ? AND parentId IS NULL")
      .get(id) as { id: string; config: string; createdAt: unknown };
    const config = { ...JSON.parse(root.config), steps: 40, batchSize: 256, memoryCapMiB: 200 };
    const recipe = { operators: [{ op: "load", source: "task:train", limit: 300 }] };
    const insert = db.prepare(
      `INSERT INTO Node (id, explorationId, parentId, ordinal, round, direction, plan, recipe, config, status, metrics, score, report, progress, computeSeconds, tokens, fingerprint, error, version, createdAt, updatedAt)
       VALUES (@id, @explorationId, @parentId, @ordinal, 1, 'tune_hyperparameters', @plan, @recipe, @config, @status, @metrics, @score, @report, 1, @computeSeconds, 0, @id, @error, 0, @at, @at)`,
    );
    db.transaction(() => {
      db.prepare("DELETE FROM Node WHERE explorationId = ? AND parentId IS NOT NULL").run(id);
      db.prepare(
        "UPDATE Node SET status = 'succeeded', score = 0.5, metrics = ?, progress = 1, fingerprint = 'seeded-' || id WHERE id = ?",
      ).run(JSON.stringify({ validation: { accuracy: 0.5 } }), root.id);
      const base = { explorationId: id, parentId: root.id, recipe: JSON.stringify(recipe), at: root.createdAt };
      insert.run({
        ...base,
        id: failedId,
        ordinal: 1,
        plan: JSON.stringify({ title: "big batch on a 200 MiB host", rationale: "seeded", hypotheses: [] }),
        config: JSON.stringify(config),
        status: "failed",
        metrics: null,
        score: null,
        report: JSON.stringify({ failure: { kind: "out_of_memory" } }),
        computeSeconds: 3,
        error: "out of memory: the training step needed more than the job's memoryCapMiB (200 MiB)",
      });
      const changes = ["gradient accumulation 1 → 4 (micro-batch 256 → 64 sequences, still 256 a step)"];
      insert.run({
        ...base,
        id: repairId,
        ordinal: 2,
        plan: JSON.stringify({
          title: `repair of #1: ${changes[0]}`,
          rationale: "big batch on a 200 MiB host failed (out_of_memory). A smaller micro-batch fits the cap.",
          hypotheses: [],
          repairOf: { nodeId: failedId, ordinal: 1, failure: "out_of_memory", changes, by: "rules" },
        }),
        config: JSON.stringify({ ...config, gradientAccumulation: 4 }),
        status: "succeeded",
        metrics: JSON.stringify({ validation: { accuracy: 0.61 } }),
        score: 0.61,
        report: JSON.stringify({}),
        computeSeconds: 12,
        error: null,
      });
    })();
  } finally {
    db.close();
  }
  return { id, failedId, repairId };
}

test("a repaired sibling shows 'repair of #n' on the canvas and links to the node it repairs", async ({
  page,
  request,
}) => {
  const { id, failedId, repairId } = await seedRepair(request);
  await page.goto(`/explorations/${id}`);
  const repairCard = page.locator(`[data-testid="tree-node"][data-node-id="${repairId}"]`);
  const badge = repairCard.getByTestId("node-repair-badge");
  await expect(badge).toHaveText("↻ repair of #1");
  await expect(badge).toHaveAttribute("title", /Repair of #1 \(out of memory\), proposed by the offline rules/);
  // the failed node's card has no badge: only repairs carry one
  await expect(
    page.locator(`[data-testid="tree-node"][data-node-id="${failedId}"]`).getByTestId("node-repair-badge"),
  ).toHaveCount(0);
  await screenshotBothThemes(page, "repair-badge-canvas");

  // the badge selects the node it repairs; that node's inspector names its repair
  await badge.click();
  const inspector = page.getByTestId("node-inspector");
  await expect(inspector).toHaveAttribute("data-node-id", failedId);
  await expect(inspector.getByTestId("repair-note")).toHaveText("Repaired by #2.");

  // back to the repair (the link in the note): what failed, what changed, who proposed it
  await inspector.getByTestId("repair-note").getByRole("button", { name: "#2" }).click();
  await expect(inspector).toHaveAttribute("data-node-id", repairId);
  const note = inspector.getByTestId("repair-note");
  await expect(note).toContainText("↻ Repair of #1, which failed with out of memory");
  await expect(note).toContainText("proposed by the Executor's offline rules");
  await expect(note).toContainText("gradient accumulation 1 → 4");
  await screenshotBothThemes(page, "repair-badge-inspector");
});
