import { expect, test, type Page } from "@playwright/test";
import { createReviewedExplorationViaApi, screenshotBothThemes, stopAll, treeNodes, trpcMutation } from "./helpers";

test.afterEach(({ request }) => stopAll(request));

const nodeByOrdinal = (page: Page, ordinal: number) =>
  page.locator(`[data-testid="tree-node"][data-ordinal="${ordinal}"]`);
const lossPoints = (page: Page) =>
  page.getByTestId("loss-chart").evaluate((el) => Number(el.getAttribute("data-points") ?? 0));

test("live charts while a node trains, reviewer shortcuts, canvas tools, and catch-up after a lost connection", async ({
  page,
  request,
}) => {
  const id = await createReviewedExplorationViaApi(request, "Live review e2e");
  await page.goto(`/explorations/${id}`);
  await expect(page.locator('[data-testid="tree-node"][data-node-status="awaiting_review"]')).toHaveCount(4, {
    timeout: 120_000,
  });
  const inspector = page.getByTestId("node-inspector");

  // n selects the first node awaiting review, e opens its editor, a approves it
  await page.keyboard.press("n");
  await expect(inspector).toContainText("#1");
  await page.keyboard.press("e");
  const editor = inspector.getByLabel("Training config JSON");
  const config = JSON.parse(await editor.inputValue()) as Record<string, unknown>;
  await editor.fill(JSON.stringify({ ...config, steps: 96, batchSize: 8 }, null, 2));
  await inspector.getByRole("button", { name: "Save" }).click();
  await expect(inspector.getByTestId("node-editor")).toBeHidden();
  await page.keyboard.press("a");
  await expect(nodeByOrdinal(page, 1)).not.toHaveAttribute("data-node-status", "awaiting_review");

  // while it trains: a progress bar on the card, live loss and learning-rate curves in the inspector
  await expect(nodeByOrdinal(page, 1).getByTestId("node-progress")).toBeVisible({ timeout: 90_000 });
  await expect.poll(() => lossPoints(page), { timeout: 90_000 }).toBeGreaterThanOrEqual(2);
  await expect(inspector.getByTestId("lr-chart")).toHaveAttribute("data-points", /^[1-9]\d*$/);
  await screenshotBothThemes(page, "live-charts");

  // n moves on to #2, p prunes it
  await page.keyboard.press("n");
  await expect(inspector).toContainText("#2");
  await page.keyboard.press("p");
  const dialog = page.getByRole("dialog", { name: /Prune #2/ });
  await dialog.getByLabel(/Why\?/).fill("one learning-rate probe is enough");
  await dialog.getByRole("button", { name: "Prune subtree" }).click();
  await expect(nodeByOrdinal(page, 2)).toHaveAttribute("data-node-status", "pruned");
  await page.keyboard.press("Escape");
  await expect(inspector).toBeHidden();
  // the rest works on a settled tree: #1 finishes first (a relayout under the pointer can swallow a click)
  await expect(nodeByOrdinal(page, 1)).toHaveAttribute("data-node-status", /succeeded|failed/, { timeout: 120_000 });
  await page.waitForTimeout(1_000);

  // canvas tools: search by ordinal, filter by status, collapse a subtree
  const search = page.getByTestId("canvas-search");
  await search.fill("#3");
  await expect(page.getByTestId("search-count")).toHaveText("1 of 1");
  await expect(nodeByOrdinal(page, 3)).toHaveAttribute("data-match", "true");
  await search.fill("");
  await page.getByText("Status ▾").click();
  await page.getByRole("checkbox", { name: "pruned" }).check();
  await expect(page.getByTestId("shown-count")).toHaveText("2 of 5 nodes");
  await page.getByRole("checkbox", { name: "pruned" }).uncheck();
  await page.getByText(/^Status/).click();
  await nodeByOrdinal(page, 0).getByTestId("collapse-toggle").click();
  await expect(page.getByTestId("tree-node")).toHaveCount(1);
  await expect(nodeByOrdinal(page, 0).getByTestId("collapse-toggle")).toHaveText("+4");
  await nodeByOrdinal(page, 0).getByTestId("collapse-toggle").click();
  await expect(page.getByTestId("tree-node")).toHaveCount(5);

  // the connection drops; what happens meanwhile is replayed on reconnect, without a reload (the tree has been
  // quiet since #1 finished, so no refetch is pending that could bring the offline changes in another way)
  await page.evaluate(() => Object.assign(window, { __noReload: true }));
  await page.evaluate(() =>
    (window as unknown as { __trexSocket: { disconnect: () => void } }).__trexSocket.disconnect(),
  );
  await expect(page.getByTestId("connection-banner")).toBeVisible();
  const nodes = await treeNodes(request, id);
  const third = nodes.find((n) => n.ordinal === 3);
  const fourth = nodes.find((n) => n.ordinal === 4);
  await trpcMutation(request, "node.prune", { id: third?.id, version: third?.version, reason: "offline prune" });
  await trpcMutation(request, "node.edit", {
    id: fourth?.id,
    version: fourth?.version,
    title: "Edited while you were offline",
  });
  await page.waitForTimeout(1_000);
  await expect(nodeByOrdinal(page, 3)).toHaveAttribute("data-node-status", "awaiting_review");
  await screenshotBothThemes(page, "reconnect-offline");

  await page.evaluate(() => (window as unknown as { __trexSocket: { connect: () => void } }).__trexSocket.connect());
  await expect(page.getByTestId("connection-banner")).toBeHidden();
  await expect(nodeByOrdinal(page, 3)).toHaveAttribute("data-node-status", "pruned");
  await expect(nodeByOrdinal(page, 4)).toContainText("Edited while you were offline");
  await expect(page.getByTestId("event-timeline")).toContainText("#3 awaiting review → pruned");
  expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
  await screenshotBothThemes(page, "reconnect-caught-up");
});
