import { expect, test } from "@playwright/test";
import { createReviewedExplorationViaApi, screenshotBothThemes, stopAll, treeNodes, trpcQuery } from "./helpers";

test.afterEach(({ request }) => stopAll(request));

interface DryRun {
  rows: number;
  testOverlap: number;
  steps: { op: string; rowsIn: number; rowsOut: number }[];
}

test("a proposal's new recipe is dry-run before review, and the inspector shows what it leaves", async ({
  page,
  request,
}) => {
  const id = await createReviewedExplorationViaApi(request, "Dry-run e2e");
  // the Executor dry-runs every new recipe of a proposal (the worker, no training) before anyone approves it
  let found: { ordinal: number; dry: DryRun } | null = null;
  await expect
    .poll(
      async () => {
        for (const n of await treeNodes(request, id)) {
          if (n.status !== "awaiting_review") continue;
          const detail = await trpcQuery<{ node: { report: { dryRun?: DryRun } | null } }>(request, "node.detail", {
            id: n.id,
          });
          const dry = detail.node.report?.dryRun;
          if (dry) found = { ordinal: n.ordinal, dry };
        }
        return found?.dry.rows ?? 0;
      },
      { timeout: 180_000, intervals: [2000] },
    )
    .toBeGreaterThan(0);
  if (!found) throw new Error("no dry-run");
  const { ordinal, dry } = found as { ordinal: number; dry: DryRun };
  expect(dry.testOverlap).toBe(0);
  expect(dry.steps[0]?.op).toBe("load");

  await page.goto(`/explorations/${id}`);
  await page.locator(`[data-testid="tree-node"][data-ordinal="${ordinal}"]`).click();
  const line = page.getByTestId("node-inspector").getByTestId("dry-run");
  await expect(line).toContainText(`${dry.rows.toLocaleString("en")} training rows left`);
  await expect(line).toContainText("none of them among the");
  // every operator shows its counts from the dry-run
  await expect(page.getByTestId("node-inspector").getByTestId("operator-count")).toHaveCount(dry.steps.length);
  await screenshotBothThemes(page, "dry-run-inspector");
});
