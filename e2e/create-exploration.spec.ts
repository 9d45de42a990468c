import { expect, test } from "@playwright/test";
import { explorationIdOf, QUICK_RUN, screenshotBothThemes, started, stopAll } from "./helpers";

test.afterEach(({ request }) => stopAll(request));

test("a goal typed in the browser grows a live tree with a really trained node", async ({ page }) => {
  await page.goto("/explorations/new");

  // bad input first: the form refuses an empty goal and a zero budget, and nothing is created
  await page.getByRole("button", { name: "Start exploration" }).click();
  await expect(page.getByRole("alert").first()).toContainText("at least 10 characters");
  await page.locator('input[name="budget.rounds"]').fill("0");
  await page.getByRole("button", { name: "Start exploration" }).click();
  await expect(page.getByText("at least one round")).toBeVisible();
  await expect(page).toHaveURL(/\/explorations\/new$/);

  await page.locator('select[name="taskId"]').selectOption("mini-sst2");
  await page.getByRole("button", { name: /Use the example goal/ }).click();
  await page.locator('input[name="budget.rounds"]').fill("2");
  await page.locator('input[name="budget.trainingRuns"]').fill("6");
  // review mode: the planner's full-length runs would take minutes on a busy CI box; one is shortened below
  await page.locator('select[name="approvalMode"]').selectOption("review-each-expansion");
  await expect(page.getByText("at least one round")).toBeHidden();
  await expect(page.getByText("at least 10 characters")).toBeHidden();
  await screenshotBothThemes(page, "new-exploration", { fullPage: true });
  await page.getByRole("button", { name: "Start exploration" }).click();

  await expect(page).toHaveURL(/\/explorations\/(?!new$)[a-z0-9]+$/);
  started.push(explorationIdOf(page));
  await expect(page.getByTestId("tree-canvas")).toBeVisible();

  // the baseline is evaluated by the worker and its expansion appears without a reload
  await expect.poll(async () => page.getByTestId("tree-node").count(), { timeout: 120_000 }).toBeGreaterThanOrEqual(3);
  await expect(page.locator('[data-testid="tree-node"][data-ordinal="0"]')).toHaveAttribute(
    "data-node-status",
    "succeeded",
  );
  // trained here, or reused from an identical baseline an earlier spec evaluated in this workspace
  await expect(page.getByTestId("event-timeline")).toContainText(/#0 (running|approved) → succeeded/);

  // shorten one proposal and approve it; it trains for real
  const first = page.locator('[data-testid="tree-node"][data-ordinal="1"]');
  await first.click();
  const inspector = page.getByTestId("node-inspector");
  await inspector.getByRole("button", { name: "Edit config" }).click();
  const editor = inspector.getByLabel("Training config JSON");
  const config = JSON.parse(await editor.inputValue()) as Record<string, unknown>;
  await editor.fill(JSON.stringify({ ...config, ...QUICK_RUN }));
  await inspector.getByRole("button", { name: "Save" }).click();
  await expect(inspector.getByTestId("node-editor")).toBeHidden();
  await inspector.getByRole("button", { name: "Approve" }).click();

  // a trained node (not the root) reaches a real score from the worker
  const trained = page.locator('[data-testid="tree-node"][data-node-status="succeeded"]:not([data-ordinal="0"])');
  await expect(trained.first()).toBeVisible({ timeout: 200_000 });
  const score = Number(await trained.first().getByTestId("node-score").textContent());
  expect(score).toBeGreaterThan(0);

  // the inspector shows plan, config, metrics and the log tail
  await expect(inspector).toBeVisible();
  await expect(inspector.getByTestId("node-metrics")).toContainText("validation");
  await expect(inspector.getByText("Training config")).toBeVisible();
  await expect(inspector.getByTestId("log-tail")).not.toHaveText("(no log yet)");
  await expect(inspector.getByTestId("loss-chart")).toHaveAttribute("data-points", /^[1-9]\d*$/);
  await screenshotBothThemes(page, "exploration-live");
});
