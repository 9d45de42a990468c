import { expect, test } from "@playwright/test";
import { explorationIdOf, screenshotBothThemes, started, stopAll, trpcQuery } from "./helpers";

test.afterEach(({ request }) => stopAll(request));

test("a goal naming HoC typed with SST-2 picked offers HoC; the goal's constraints become fields and configure the exploration", async ({
  page,
  request,
}) => {
  await page.goto("/explorations/new");
  await page.locator('select[name="taskId"]').selectOption("mini-sst2");
  await page
    .locator("textarea#goal")
    .fill(
      "Classify biomedical abstracts into the HoC cancer hallmarks, macro-F1. LoRA only, 8 GPU-hours, at most 3 rounds and 20k samples per round; never touch the test split.",
    );

  // starting analyses the goal first: the mismatch stops it and offers the goal's task
  await page.getByRole("button", { name: "Start exploration" }).click();
  const mismatch = page.getByTestId("task-mismatch");
  await expect(mismatch).toContainText("names FT-Bench-mini HoC");
  await expect(page.getByTestId("requirement-problems")).toContainText(
    "names HoC (mini-hoc), but the picked task is mini-sst2",
  );
  await expect(page).toHaveURL(/\/explorations\/new$/);
  await screenshotBothThemes(page, "goal-analysis-mismatch", { fullPage: true });

  await page.getByTestId("use-goal-task").click();
  await expect(page.locator('select[name="taskId"]')).toHaveValue("mini-hoc");
  await expect(mismatch).toBeHidden();
  await expect(page.getByTestId("requirement-analysis")).toContainText("multilabel · mini-hoc");
  await expect(page.getByTestId("requirement-problems")).toBeHidden();

  // the constraints as fields, the budgets in the budget fields
  await expect(page.locator('select[name="constraints.method"]')).toHaveValue("lora");
  await expect(page.locator('input[name="constraints.maxTrainingSamples"]')).toHaveValue("20000");
  await expect(page.locator('input[name="constraints.noTestSplit"]')).toBeChecked();
  await expect(page.locator('input[name="budget.computeSeconds"]')).toHaveValue("28800");
  await expect(page.locator('input[name="budget.rounds"]')).toHaveValue("3");
  await expect(page.getByTestId("goal-budgets")).toContainText(
    '"8 GPU-hours" → Compute 28,800 s (8 h) · filled in below',
  );
  // an edit before the start is what the exploration gets
  await page.locator('input[name="constraints.maxParameters"]').fill("1B");
  await page.locator('select[name="approvalMode"]').selectOption("review-each-expansion");
  await screenshotBothThemes(page, "goal-analysis-fields", { fullPage: true });

  await page.getByRole("button", { name: "Start exploration" }).click();
  await expect(page).toHaveURL(/\/explorations\/(?!new$)[a-z0-9]+$/);
  const id = explorationIdOf(page);
  started.push(id);
  const tree = await trpcQuery<{
    exploration: {
      taskId: string;
      budget: { computeSeconds: number; rounds: number };
      spec: {
        constraints: { method: string; maxParameters: number; maxTrainingSamples: number; noTestSplit: boolean };
      };
    };
  }>(request, "exploration.tree", { id });
  expect(tree.exploration.taskId).toBe("mini-hoc");
  expect(tree.exploration.budget).toMatchObject({ computeSeconds: 28_800, rounds: 3 });
  expect(tree.exploration.spec.constraints).toMatchObject({
    method: "lora",
    maxParameters: 1e9,
    maxTrainingSamples: 20_000,
    noTestSplit: true,
  });
});

test("a contradictory goal gets a clear sentence and starts only once confirmed", async ({ page }) => {
  await page.goto("/explorations/new");
  await page.locator('select[name="taskId"]').selectOption("mini-sst2");
  await page
    .locator("textarea#goal")
    .fill("Classify reviews by sentiment; maximise accuracy and macro-F1; LoRA only and full fine-tuning only.");
  await page.getByRole("button", { name: "Start exploration" }).click();
  const problems = page.getByTestId("requirement-problems");
  await expect(problems).toContainText("two metrics (accuracy and macro-F1)");
  await expect(problems).toContainText("LoRA only and for full fine-tuning only: choose one method");
  await page.getByRole("button", { name: "Start exploration" }).click();
  await expect(page.getByText("needs your confirmation: read it, then tick the box")).toBeVisible();
  await expect(page).toHaveURL(/\/explorations\/new$/);
  await screenshotBothThemes(page, "goal-analysis-confirm", { fullPage: true });
  await page.locator('select[name="constraints.method"]').selectOption("lora");
  await page.locator('select[name="approvalMode"]').selectOption("review-each-expansion");
  await problems.getByRole("checkbox").check();
  await page.getByRole("button", { name: "Start exploration" }).click();
  await expect(page).toHaveURL(/\/explorations\/(?!new$)[a-z0-9]+$/);
  started.push(explorationIdOf(page));
});
