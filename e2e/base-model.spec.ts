import { expect, test } from "@playwright/test";
import { explorationIdOf, screenshotBothThemes, started, stopAll, trpcQuery } from "./helpers";

test.afterEach(({ request }) => stopAll(request));

test("the goal's base model is offered from the catalogue, its needs are shown, and a model the runner cannot load fails with how to provide it", async ({
  page,
  request,
}) => {
  await page.goto("/explorations/new");
  const picker = page.locator('select[name="baseModel"]');
  await expect(picker).toHaveValue("tiny-base");
  await expect(page.getByTestId("base-model-facts")).toContainText("built and pretrained on this machine");
  // the catalogue, not only the presets
  await expect(picker.locator("option")).toContainText(["tiny-small", "qwen3-0.6b", "llama-3.2-1b", "qwen3-1.7b"]);

  await page.locator('select[name="taskId"]').selectOption("mini-sst2");
  await page
    .locator("textarea#goal")
    .fill("LoRA-tune Qwen3 1.7B to classify short movie reviews as positive or negative, accuracy, 2 GPU-hours.");
  await page.getByRole("button", { name: "Preview plan" }).click();
  const mismatch = page.getByTestId("model-mismatch");
  await expect(mismatch).toContainText("The goal asks for Qwen3 1.7B, not the picked tiny-base");
  await page.getByTestId("use-goal-model").click();
  await expect(picker).toHaveValue("qwen3-1.7b");
  await expect(mismatch).toBeHidden();
  await expect(page.getByTestId("base-model-facts")).toContainText("Qwen/Qwen3-1.7B");
  await expect(page.getByTestId("base-model-facts")).toContainText(/LoRA [\d.]+ GiB/);
  await screenshotBothThemes(page, "base-model-offer", { fullPage: true });

  // a Hub id typed in goes through the server's check: a path that climbs out is refused with a sentence
  await picker.selectOption("__other__");
  await page.getByLabel("Hub id or folder").fill("../../etc");
  await page.getByRole("button", { name: "Start exploration" }).click();
  await expect(page.getByText('"../../etc" is not a known base model')).toBeVisible();
  await picker.selectOption("qwen3-1.7b");

  await page.getByRole("button", { name: "Start exploration" }).click();
  await expect(page).toHaveURL(/\/explorations\/(?!new$)[a-z0-9]+$/);
  const id = explorationIdOf(page);
  started.push(id);
  // this machine has no copy of Qwen3-1.7B and no Hub: the root fails before training, saying how to provide it
  await expect
    .poll(
      async () => {
        const tree = await trpcQuery<{
          nodes: { parentId: string | null; status: string; error: string | null; config: { baseModel: string } }[];
        }>(request, "exploration.tree", { id });
        const root = tree.nodes.find((n) => n.parentId === null);
        return root ? `${root.config.baseModel} ${root.status}: ${root.error ?? ""}` : "";
      },
      { timeout: 90_000, intervals: [1000] },
    )
    .toMatch(/^qwen3-1\.7b failed: .*Qwen\/Qwen3-1\.7B is not available on this machine.*hf download/);
});
