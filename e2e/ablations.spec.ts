import { expect, test } from "@playwright/test";
import { explorationIdOf, screenshotBothThemes, started, stopAll, trpcQuery } from "./helpers";

test.afterEach(({ request }) => stopAll(request));

test("an exploration started with memory and reuse switched off stores and shows its ablations", async ({
  page,
  request,
}) => {
  await page.goto("/explorations/new");
  await page.locator('select[name="taskId"]').selectOption("mini-sst2");
  await page.getByRole("button", { name: /Use the example goal/ }).click();
  await page.locator('select[name="approvalMode"]').selectOption("review-each-expansion");
  const ablations = page.getByTestId("ablations");
  // all on by default; unchecking switches a part off
  for (const name of ["memory", "insights", "reuse"])
    await expect(page.locator(`[name="ablations.${name}"]`)).toBeChecked();
  await ablations.getByRole("checkbox", { name: /Memory of earlier explorations/ }).uncheck();
  await ablations.getByRole("checkbox", { name: /Reuse of identical experiments/ }).uncheck();
  await ablations.scrollIntoViewIfNeeded();
  await screenshotBothThemes(page, "new-exploration-ablations");
  await page.getByRole("button", { name: "Start exploration" }).click();

  await expect(page).toHaveURL(/\/explorations\/(?!new$)[a-z0-9]+$/);
  const id = explorationIdOf(page);
  started.push(id);
  await expect(page.getByTestId("exploration-ablations")).toHaveText("ablation: no memory, no reuse");
  await screenshotBothThemes(page, "exploration-ablations");
  // what was stored is what the form said
  const tree = await trpcQuery<{ exploration: { ablations: unknown } }>(request, "exploration.tree", { id });
  expect(tree.exploration.ablations).toEqual({ memory: false, insights: true, reuse: false });
});
