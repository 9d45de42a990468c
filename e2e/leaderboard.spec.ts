import { expect, test } from "@playwright/test";
import { started, stopAll } from "./helpers";

test.afterEach(({ request }) => stopAll(request));

test("a finished exploration is ranked on the leaderboard with its gain, cost and anytime curve", async ({ page }) => {
  await page.goto("/explorations/new");
  await page.locator('select[name="taskId"]').selectOption("mini-sst2");
  await page.getByRole("button", { name: /Use the example goal/ }).click();
  await page.locator('select[name="approvalMode"]').selectOption("review-each-expansion");
  await page.locator('input[name="budget.rounds"]').fill("1");
  await page.locator('input[name="budget.trainingRuns"]').fill("1");
  await page.getByRole("button", { name: "Start exploration" }).click();
  await expect(page).toHaveURL(/\/explorations\/(?!new$)[a-z0-9]+$/);
  const explorationId = /\/explorations\/([a-z0-9]+)/.exec(page.url())?.[1] ?? "";
  started.push(explorationId);
  // one proposal (the run budget is 1): shorten it to keep the test quick, approve it
  const proposal = page.locator('[data-testid="tree-node"][data-ordinal="1"]');
  await expect(proposal).toHaveAttribute("data-node-status", "awaiting_review", { timeout: 120_000 });
  await proposal.click();
  const inspector = page.getByTestId("node-inspector");
  await inspector.getByRole("button", { name: "Edit config" }).click();
  const editor = inspector.getByLabel("Training config JSON");
  const config = JSON.parse(await editor.inputValue()) as Record<string, unknown>;
  await editor.fill(JSON.stringify({ ...config, steps: 80 }));
  await inspector.getByRole("button", { name: "Save" }).click();
  await expect(inspector.getByRole("button", { name: "Save" })).toBeHidden();
  await inspector.getByRole("button", { name: "Approve" }).click();
  // the baseline plus one trained run, then the budget is spent and the exploration finishes
  await expect(page.getByTestId("stop-reason")).toContainText("budget spent", { timeout: 200_000 });

  await page.goto("/leaderboard");
  const table = page.getByTestId("leaderboard-table");
  await expect(table).toBeVisible();
  const row = table.locator("tbody tr", { has: page.locator(`a[href^="/explorations/${explorationId}"]`) });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("mini-sst2");
  await expect(row).toContainText("mcts");
  await expect(page.getByTestId("anytime-chart")).toBeVisible();

  // filter by task and export
  await page.getByLabel("Task", { exact: true }).selectOption("mini-sst2");
  await expect(row).toBeVisible();
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export CSV" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe("trex-leaderboard-mini-sst2.csv");
  await page.screenshot({ path: "test-results/screenshots/leaderboard.png", fullPage: true });

  // the entry links back to its exploration
  await row.locator("a").click();
  await expect(page).toHaveURL(new RegExp(`/explorations/${explorationId}`));
});
