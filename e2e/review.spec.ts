import { expect, test, type Page } from "@playwright/test";
import { explorationIdOf, QUICK_RUN, screenshotBothThemes, started, stopAll } from "./helpers";

test.afterEach(({ request }) => stopAll(request));

async function createReviewedExploration(page: Page) {
  await page.goto("/explorations/new");
  await page.locator('select[name="taskId"]').selectOption("mini-sst2");
  await page.getByRole("button", { name: /Use the example goal/ }).click();
  await page.locator('select[name="approvalMode"]').selectOption("review-each-expansion");
  await page.getByRole("button", { name: "Start exploration" }).click();
  await expect(page).toHaveURL(/\/explorations\/(?!new$)[a-z0-9]+$/);
  started.push(explorationIdOf(page));
}

const nodeByOrdinal = (page: Page, ordinal: number) =>
  page.locator(`[data-testid="tree-node"][data-ordinal="${ordinal}"]`);

test("a reviewer edits, approves and prunes proposals, pauses and resumes, and the tree reacts live", async ({
  page,
}) => {
  await createReviewedExploration(page);
  // the baseline is evaluated by the worker, then the first expansion waits for review
  await expect(page.locator('[data-testid="tree-node"][data-node-status="awaiting_review"]')).toHaveCount(4, {
    timeout: 120_000,
  });

  // edit #1's config before it runs
  await nodeByOrdinal(page, 1).click();
  const inspector = page.getByTestId("node-inspector");
  await inspector.getByRole("button", { name: "Edit config" }).click();
  const editor = inspector.getByLabel("Training config JSON");
  const config = JSON.parse(await editor.inputValue()) as Record<string, unknown>;
  // invalid values are refused with a field-level message
  await editor.fill(JSON.stringify({ ...config, learningRate: -1 }));
  await inspector.getByRole("button", { name: "Save" }).click();
  await expect(inspector.getByRole("alert")).toContainText("learningRate");
  await editor.fill(JSON.stringify({ ...config, ...QUICK_RUN }, null, 2));
  await inspector.getByRole("button", { name: "Save" }).click();
  // the diff against the parent shows the edited value
  await expect(inspector.getByTestId("config-diff").locator("tr", { hasText: "steps" })).toContainText(
    String(QUICK_RUN.steps),
  );
  await inspector.getByTestId("config-diff").scrollIntoViewIfNeeded();
  await screenshotBothThemes(page, "review-edited");

  // approve it: it leaves review and is dispatched
  await inspector.getByRole("button", { name: "Approve" }).click();
  await expect(nodeByOrdinal(page, 1)).not.toHaveAttribute("data-node-status", "awaiting_review");

  // prune #2: the reviewer is asked why; the reason shows on the card, in the inspector and in the timeline
  await nodeByOrdinal(page, 2).click();
  await inspector.getByRole("button", { name: "Prune subtree" }).click();
  const dialog = page.getByRole("dialog", { name: /Prune #2/ });
  await expect(dialog.getByRole("button", { name: "Prune subtree" })).toBeDisabled();
  await dialog.getByLabel(/Why\?/).fill("Duplicates #1 with a smaller batch");
  await screenshotBothThemes(page, "prune-reason-dialog");
  await dialog.getByRole("button", { name: "Prune subtree" }).click();
  await expect(dialog).toBeHidden();
  await expect(nodeByOrdinal(page, 2)).toHaveAttribute("data-node-status", "pruned");
  await expect(nodeByOrdinal(page, 2).getByTestId("node-prune-reason")).toHaveText(
    "✂ Duplicates #1 with a smaller batch",
  );
  await expect(inspector.getByTestId("prune-reason")).toContainText("“Duplicates #1 with a smaller batch”");
  await screenshotBothThemes(page, "pruned-with-reason");
  await page.getByRole("tab", { name: /Timeline/ }).click();
  await expect(page.getByTestId("event-timeline")).toContainText(
    "#2 pruned by a reviewer (1 node): “Duplicates #1 with a smaller batch”",
  );
  await page.getByRole("tab", { name: /Node/ }).click();
  // nothing under #2 has run: the prune is undone and #2 waits for review again
  await inspector.getByRole("button", { name: "Undo prune" }).click();
  await expect(nodeByOrdinal(page, 2)).toHaveAttribute("data-node-status", "awaiting_review");
  await expect(nodeByOrdinal(page, 2).getByTestId("node-prune-reason")).toHaveCount(0);
  await expect(inspector.getByRole("button", { name: "Undo prune" })).toHaveCount(0);
  await page.getByRole("tab", { name: /Timeline/ }).click();
  await expect(page.getByTestId("event-timeline")).toContainText("Prune of #2 undone by a reviewer (1 restored)");
  await nodeByOrdinal(page, 2).click();
  // pruned again for the rest of the run; Esc in the dialog cancels
  await inspector.getByRole("button", { name: "Prune subtree" }).click();
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(nodeByOrdinal(page, 2)).toHaveAttribute("data-node-status", "awaiting_review");
  await inspector.getByRole("button", { name: "Prune subtree" }).click();
  await dialog.getByLabel(/Why\?/).fill("Not needed");
  await dialog.getByRole("button", { name: "Prune subtree" }).click();
  await expect(nodeByOrdinal(page, 2)).toHaveAttribute("data-node-status", "pruned");

  // pause and resume
  await page.getByRole("button", { name: "Pause" }).click();
  await expect(page.getByTestId("exploration-status")).toContainText("paused");
  await expect(page.getByRole("button", { name: "Resume" })).toBeEnabled();
  await screenshotBothThemes(page, "paused");
  await page.getByRole("button", { name: "Resume" }).click();
  await expect(page.getByRole("button", { name: "Pause" })).toBeEnabled();
  await expect(page.getByTestId("exploration-status")).toContainText("running");

  // the edited node trains with the edited config and gets its score
  await expect(nodeByOrdinal(page, 1)).toHaveAttribute("data-node-status", "succeeded", { timeout: 150_000 });
  await screenshotBothThemes(page, "review");
});
