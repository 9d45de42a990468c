import { expect, test, type APIRequestContext } from "@playwright/test";
import { explorationIdOf, screenshotBothThemes, started, stopAll, trpcQuery } from "./helpers";

test.afterEach(({ request }) => stopAll(request));

const reviews = Array.from({ length: 60 }, (_, i) =>
  JSON.stringify({
    input: `the film number ${i} was ${i % 2 ? "wonderful" : "dreadful"}`,
    output: i % 2 ? "pos" : "neg",
  }),
).join("\n");
const testCsv = 'text,label\n"not bad, ""honestly"" wonderful",pos\n"dreadful, sadly",neg\n"a wonderful cast",pos\n';

const datasetCount = async (request: APIRequestContext) =>
  (await trpcQuery<unknown[]>(request, "dataset.list", undefined)).length;

test("a researcher's own dataset: previewed and checked in the browser, uploaded, and trained on", async ({
  page,
  request,
}) => {
  const before = await datasetCount(request);
  await page.goto("/explorations/new");
  await page.getByRole("radio", { name: /Your dataset/ }).click();
  const upload = page.getByTestId("dataset-upload");
  // a fresh workspace shows the upload at once; one with datasets (a retry) offers it behind a button
  const another = page.getByRole("button", { name: "Upload a new dataset…" });
  await expect(page.getByText("No datasets in your workspace yet").or(another)).toBeVisible();
  if (before > 0) await another.click();

  // a file without input/output fields: a field error before anything is sent, nothing uploaded
  await upload
    .locator('input[name="train"]')
    .setInputFiles({ name: "broken.jsonl", mimeType: "application/json", buffer: Buffer.from('{"a": 1}\nnot json\n') });
  await expect(upload.getByRole("alert").first()).toContainText(
    "broken.jsonl: no usable rows (line 1: no input/output fields (has: a))",
  );
  await upload.locator('input[name="datasetName"]').fill("");
  await upload.getByRole("button", { name: "Upload dataset" }).click();
  await expect(upload.getByText("Name the dataset")).toBeVisible();
  expect(await datasetCount(request)).toBe(before);

  // the real files: parsed here as the server will, with a preview
  await upload.locator('input[name="train"]').setInputFiles({
    name: "film-reviews-train.jsonl",
    mimeType: "application/json",
    buffer: Buffer.from(`${reviews}\n{"broken"\n`),
  });
  await upload
    .locator('input[name="test"]')
    .setInputFiles({ name: "test.csv", mimeType: "text/csv", buffer: Buffer.from(testCsv) });
  const preview = upload.getByTestId("dataset-preview");
  await expect(preview.getByTestId("preview-train")).toContainText("60");
  await expect(preview.getByTestId("preview-test")).toContainText("text/label");
  await expect(preview).toContainText("carved out of train");
  await expect(preview.getByTestId("dataset-warnings")).toContainText("1 of 61 lines have no usable pair");
  await expect(preview.getByTestId("dataset-samples")).toContainText("the film number 0 was dreadful");
  await upload.locator('input[name="datasetName"]').fill("film-reviews");
  await expect(upload.locator('select[name="metric"]')).toHaveValue("accuracy");
  // labels that do not cover the answers are refused where they are typed
  await upload.locator('input[name="labels"]').fill("pos");
  await expect(upload.getByText('The data has answers that are not in the labels: "neg"')).toBeVisible();
  await upload.locator('input[name="labels"]').fill("pos, neg");
  await expect(upload.getByRole("alert")).toHaveCount(0);
  await screenshotBothThemes(page, "dataset-upload", { fullPage: true });

  await upload.getByRole("button", { name: "Upload dataset" }).click();
  const picker = page.getByTestId("dataset-picker");
  await expect(picker.locator('select[name="datasetId"]')).toHaveValue(/\w+/);
  await expect(picker.locator('select[name="datasetId"] option:checked')).toContainText(
    "film-reviews — 60 train, 3 test · accuracy",
  );
  expect(await datasetCount(request)).toBe(before + 1);
  await expect(picker.getByTestId("dataset-preview")).toBeVisible();

  // the requirement analysis reads the dataset as the task
  await page.locator("textarea#goal").fill("Classify short film reviews as positive or negative; maximise accuracy.");
  await page.getByRole("button", { name: "Preview plan" }).click();
  await expect(page.getByTestId("requirement-analysis")).toContainText("classification · dataset:");
  await page.locator('input[name="budget.rounds"]').fill("1");
  await page.locator('input[name="budget.trainingRuns"]').fill("2");
  await page.locator('select[name="approvalMode"]').selectOption("review-each-expansion");
  await screenshotBothThemes(page, "dataset-chosen", { fullPage: true });
  await page.getByRole("button", { name: "Start exploration" }).click();

  await expect(page).toHaveURL(/\/explorations\/(?!new$)[a-z0-9]+$/);
  started.push(explorationIdOf(page));
  await expect(page.getByTestId("exploration-dataset")).toHaveText("film-reviews (dataset)");
  // the baseline is evaluated by the worker on the uploaded files
  const root = page.locator('[data-testid="tree-node"][data-ordinal="0"]');
  await expect(root).toHaveAttribute("data-node-status", "succeeded", { timeout: 120_000 });
  await root.click();
  const inspector = page.getByTestId("node-inspector");
  await expect(inspector.getByTestId("node-metrics")).toContainText("validation");
  // test scores stay sealed while the exploration runs; a reviewer's reveal opens them
  await expect(inspector.getByTestId("node-metrics")).not.toContainText("test");
  page.once("dialog", (d) => void d.accept());
  await inspector.getByTestId("reveal-test-scores").click();
  await expect(inspector.getByTestId("node-metrics")).toContainText("test", { timeout: 20_000 });
});
