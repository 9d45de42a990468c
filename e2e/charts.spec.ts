import { expect, test } from "@playwright/test";
import { screenshotBothThemes, stopAll, treeNodes } from "./helpers";
import { seededLoss, seedTree } from "./seed-tree";

test.afterEach(({ request }) => stopAll(request));

test("training charts: hover read-out matches the recorded loss, smoothing and log scale, validation over steps", async ({
  page,
  request,
}) => {
  const tree = await seedTree(request, "Charts e2e", 15);
  await page.goto(`/explorations/${tree.id}`);
  const ordinal = tree.withCurves[0] ?? 1;
  await page.locator(`[data-testid="tree-node"][data-ordinal="${ordinal}"]`).click();
  const inspector = page.getByTestId("node-inspector");
  const loss = inspector.getByTestId("loss-chart");
  await expect(loss).toHaveAttribute("data-points", /^[1-9]\d*$/);
  // the seeded run's length (the chart's point count also holds the validation-loss points)
  const steps = Number((await treeNodes(request, tree.id)).find((n) => n.ordinal === ordinal)?.config.steps);
  // the held-out loss the worker measures during training is drawn with the training loss
  await expect(loss).toContainText("validation loss");

  // hover the middle of the plot: the read-out names a step and the loss recorded there
  const plot = loss.locator(".u-over");
  const box = await plot.boundingBox();
  if (!box) throw new Error("no plot area");
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const readout = inspector.getByTestId("loss-chart-readout");
  await expect(readout).toContainText(/step \d+/);
  const readBack = async () => ({
    step: Number(await readout.getAttribute("data-x")),
    value: (JSON.parse((await readout.getAttribute("data-values")) ?? "[]") as number[])[0] ?? NaN,
  });
  const { step, value } = await readBack();
  expect(step).toBeGreaterThan(steps / 4);
  expect(step).toBeLessThan((3 * steps) / 4);
  expect(value).toBeCloseTo(seededLoss(ordinal, steps, step), 6);
  await screenshotBothThemes(page, "charts-inspector-hover");

  // smoothing changes the value at the same step; the log scale is offered for a positive loss
  await inspector.getByLabel("Training loss: smoothing").fill("0.9");
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2 + 1);
  await expect.poll(async () => (await readBack()).value).not.toBeCloseTo(value, 3);
  await inspector.getByLabel("Training loss: log scale").check();
  await expect(inspector.getByLabel("Training loss: log scale")).toBeChecked();
  await expect(inspector.getByTestId("validation-chart")).toHaveAttribute("data-points", /^[1-9]\d*$/);
});
