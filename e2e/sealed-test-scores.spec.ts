/**
 * Test scores stay sealed while an exploration runs: the inspector, the metrics table and the timeline show
 * validation only; the end of the exploration, or a reviewer's reveal (confirmed, audited), opens them live.
 */
import { expect, test, type Page } from "@playwright/test";
import { createReviewedExplorationViaApi, screenshotBothThemes, stopAll, stopExploration, treeNodes } from "./helpers";

test.afterEach(({ request }) => stopAll(request));

async function openEvaluatedRoot(page: Page, id: string) {
  await expect.poll(async () => (await treeNodes(page.request, id))[0]?.status, { timeout: 120_000 }).toBe("succeeded");
  await page.goto(`/explorations/${id}`);
  await page.locator('[data-testid="tree-node"][data-ordinal="0"]').click();
  const inspector = page.getByTestId("node-inspector");
  await expect(inspector.getByTestId("inspector-score")).toHaveText(/^\d\.\d{3}$/);
  return inspector;
}

test("test scores are hidden until the exploration ends", async ({ page }) => {
  const id = await createReviewedExplorationViaApi(page.request, "sealed until the end");
  const inspector = await openEvaluatedRoot(page, id);
  await expect(inspector.getByTestId("inspector-test-score")).toContainText("sealed");
  await expect(inspector.getByTestId("node-metrics")).toContainText("validation");
  const testRows = inspector.getByTestId("node-metrics").locator("td", { hasText: /^test$/ });
  await expect(testRows).toHaveCount(0);
  await expect(inspector).not.toContainText("eval test");
  await page.getByRole("tab", { name: /Timeline/ }).click();
  // evaluated here, or reused from an identical baseline an earlier spec evaluated in this workspace
  await expect(page.getByTestId("event-timeline")).toContainText(/evaluated: validation|#0 approved → succeeded/);
  await expect(page.getByTestId("event-timeline")).not.toHaveText(/\btest\b/);
  await page.locator('[data-testid="tree-node"][data-ordinal="0"]').click();
  await screenshotBothThemes(page, "sealed-test-score");

  // the exploration ends: the open inspector shows the test score without a reload
  await stopExploration(page.request, id);
  await expect(page.getByTestId("exploration-status")).toContainText("stopped");
  await expect(inspector.getByTestId("inspector-test-score")).toHaveText(/^\d\.\d{3}$/, { timeout: 20_000 });
  await expect(testRows.first()).toBeVisible();
});

test("a reviewer reveals the test scores before the end, after confirming", async ({ page }) => {
  const id = await createReviewedExplorationViaApi(page.request, "revealed by a reviewer");
  const inspector = await openEvaluatedRoot(page, id);
  page.once("dialog", (d) => void d.accept());
  await inspector.getByTestId("reveal-test-scores").click();
  await expect(inspector.getByTestId("inspector-test-score")).toHaveText(/^\d\.\d{3}$/, { timeout: 20_000 });
  await expect(page.getByTestId("exploration-status")).not.toContainText("stopped");
  await page.getByRole("tab", { name: /Timeline/ }).click();
  await expect(page.getByTestId("event-timeline")).toContainText("Test scores revealed by a reviewer");
});
