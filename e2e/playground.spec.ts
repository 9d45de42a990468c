import { expect, test, type Page } from "@playwright/test";
import { createReviewedExplorationViaApi, screenshotBothThemes, stopAll, treeNodes, trpcMutation } from "./helpers";

test.afterEach(({ request }) => stopAll(request));

const nodeByOrdinal = (page: Page, ordinal: number) =>
  page.locator(`[data-testid="tree-node"][data-ordinal="${ordinal}"]`);

test("try the model: a trained node and the base model answer one prompt side by side", async ({ page, request }) => {
  const id = await createReviewedExplorationViaApi(request, "Playground e2e");
  // one child trains a few steps on the tiny CPU preset; the others stay proposals
  await expect.poll(async () => (await treeNodes(request, id)).length, { timeout: 120_000 }).toBeGreaterThan(1);
  const child = (await treeNodes(request, id)).find((n) => n.ordinal === 1);
  if (!child) throw new Error("no node #1");
  const edited = await trpcMutation<{ version: number }>(request, "node.edit", {
    id: child.id,
    version: child.version,
    config: { ...child.config, steps: 40, batchSize: 16, learningRate: 0.003, method: "full" },
  });
  await trpcMutation(request, "node.approve", { id: child.id, version: edited.version });
  await expect
    .poll(async () => (await treeNodes(request, id)).find((n) => n.ordinal === 1)?.status, { timeout: 180_000 })
    .toBe("succeeded");

  await page.goto(`/explorations/${id}`);
  await nodeByOrdinal(page, 1).click();
  const inspector = page.getByTestId("node-inspector");
  const playground = inspector.getByTestId("playground-section");
  await playground.scrollIntoViewIfNeeded();

  // an empty prompt is refused with a sentence and starts nothing
  await playground.getByTestId("playground-prompt").fill("   ");
  await playground.getByTestId("playground-ask").click();
  await expect(playground.getByRole("alert")).toContainText("Write a prompt first: it is empty.");
  await expect(playground.getByTestId("playground-item")).toHaveCount(0);

  // the node's checkpoint and the base model, side by side, while the job runs and after
  await playground.getByTestId("playground-prompt").fill("a warm, funny and moving film");
  await expect(playground.getByTestId("playground-compare")).toHaveValue("base");
  await playground.getByTestId("playground-ask").click();
  const item = playground.getByTestId("playground-item").first();
  await expect(playground.getByTestId("playground-running")).toContainText(/asked \d+ s ago/);
  await screenshotBothThemes(page, "playground-running");
  await expect(item).toHaveAttribute("data-status", "succeeded", { timeout: 120_000 });
  await expect(playground.getByTestId("playground-running")).toHaveCount(0);
  const node = item.getByTestId("playground-answer-node");
  const base = item.getByTestId("playground-answer-base");
  await expect(node).toContainText("node #1");
  await expect(base).toContainText("base model");
  // mini-sst2 answers are labels: 40 steps taught the node to give one
  await expect(node.getByTestId("playground-answer-text")).toHaveText(/^(positive|negative)$/);
  await expect(base.getByTestId("playground-answer-text")).toBeVisible();
  await expect(node).toContainText(/\d+ tokens? in [\d.]+ s · loaded in [\d.]+ s/);
  const box = async (l: typeof node) => (await l.boundingBox()) ?? { x: 0, y: 0, width: 0, height: 0 };
  expect((await box(base)).x).toBeGreaterThan((await box(node)).x + (await box(node)).width - 1); // side by side
  await item.scrollIntoViewIfNeeded();
  await screenshotBothThemes(page, "playground");

  // against the parent (the baseline's checkpoint): the newest answer comes first
  await playground.getByTestId("playground-compare").selectOption("parent");
  await playground.getByTestId("playground-ask").click();
  await expect(playground.getByTestId("playground-item")).toHaveCount(2);
  const second = playground.getByTestId("playground-item").first();
  await expect(second).toHaveAttribute("data-status", "succeeded", { timeout: 120_000 });
  await expect(second.getByTestId("playground-answer-parent")).toContainText("parent #0");
});
