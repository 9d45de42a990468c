/**
 * A node waiting for the runner shows, live on its card and in the inspector, its place in the runner's
 * queue, why it waits ("local runner: 2 of 2 slots busy") and when it should start.
 */
import { expect, test } from "@playwright/test";
import { createReviewedExplorationViaApi, screenshotBothThemes, stopAll, treeNodes, trpcMutation } from "./helpers";

test.afterEach(({ request }) => stopAll(request));

test("waiting nodes show their queue position, the reason and an estimate", async ({ page }) => {
  const id = await createReviewedExplorationViaApi(page.request, "queue on the canvas");
  await expect
    .poll(async () => (await treeNodes(page.request, id)).filter((n) => n.status === "awaiting_review").length, {
      timeout: 120_000,
    })
    .toBeGreaterThanOrEqual(3);
  await page.goto(`/explorations/${id}`);
  // four proposals approved at once on a runner with two slots: two run, the others wait
  await trpcMutation(page.request, "exploration.approveAll", { id });
  const waiting = page.locator('[data-testid="tree-node"][data-node-status="approved"]');
  await expect(waiting.first()).toBeVisible({ timeout: 20_000 });
  await expect(waiting.first().getByTestId("node-queue")).toHaveText(
    /^queued #\d of \d( · (now|in ~\d+(\.\d)? (s|min|h)))?$/,
    { timeout: 15_000 },
  );
  await expect(page.getByTestId("node-queue").first()).toHaveAttribute("title", /^local runner: 2 of 2 slots busy/);
  await waiting.first().click();
  await expect(page.getByTestId("node-queue-detail")).toContainText(
    /Position \d of \d in the runner's queue · local runner: 2 of 2 slots busy/,
  );
  await expect(page.getByTestId("node-queue-detail")).toContainText(/starts (now|in ~)|no estimate yet/);
  await screenshotBothThemes(page, "runner-queue");
});
