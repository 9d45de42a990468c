import { expect, test } from "@playwright/test";

test("a goal typed in the browser grows a live tree with a really trained node", async ({ page }) => {
  await page.goto("/explorations/new");

  // bad input first: the form refuses an empty goal and a zero budget, and nothing is created
  await page.getByRole("button", { name: "Start exploration" }).click();
  await expect(page.getByRole("alert").first()).toContainText("at least 10 characters");
  await page.locator('input[name="budget.rounds"]').fill("0");
  await page.getByRole("button", { name: "Start exploration" }).click();
  await expect(page.getByText("at least one round")).toBeVisible();

  await page.locator('select[name="taskId"]').selectOption("mini-sst2");
  await page.getByRole("button", { name: /Use the example goal/ }).click();
  await page.locator('input[name="budget.rounds"]').fill("2");
  await page.locator('input[name="budget.trainingRuns"]').fill("6");
  await page.getByRole("button", { name: "Start exploration" }).click();

  await expect(page).toHaveURL(/\/explorations\/[a-z0-9]+$/);
  await expect(page.getByTestId("tree-canvas")).toBeVisible();

  // the baseline and its expansion appear without a reload
  await expect(page.getByTestId("tree-node")).toHaveCount(1, { timeout: 15_000 }).catch(() => undefined);
  await expect.poll(async () => page.getByTestId("tree-node").count(), { timeout: 90_000 }).toBeGreaterThanOrEqual(3);

  // a trained node (not the root) reaches a real score from the worker
  const trained = page.locator('[data-testid="tree-node"][data-node-status="succeeded"]:not([data-ordinal="0"])');
  await expect(trained.first()).toBeVisible({ timeout: 200_000 });
  const score = Number(await trained.first().getByTestId("node-score").textContent());
  expect(score).toBeGreaterThan(0);

  // clicking it shows plan, config, metrics and the log tail
  await trained.first().click();
  const inspector = page.getByTestId("node-inspector");
  await expect(inspector).toBeVisible();
  await expect(inspector.getByTestId("node-metrics")).toContainText("validation");
  await expect(inspector.getByText("Training config")).toBeVisible();
  await expect(inspector.getByTestId("log-tail")).not.toHaveText("(no log yet)");
  await page.screenshot({ path: "test-results/screenshots/exploration-live.png", fullPage: false });
});
