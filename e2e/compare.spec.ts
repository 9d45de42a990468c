import fs from "node:fs";
import Papa from "papaparse";
import { expect, test, type Page } from "@playwright/test";
import { screenshotBothThemes, stopAll } from "./helpers";
import { seedTree } from "./seed-tree";

test.afterEach(({ request }) => stopAll(request));

const rowsShown = (page: Page) => page.getByTestId("run-row");
const scoreCells = async (page: Page) => {
  const col = await page.getByRole("columnheader").allTextContents();
  const idx = col.findIndex((t) => t.startsWith("Validation"));
  return rowsShown(page).evaluateAll(
    (rows, i) => rows.map((r) => r.querySelectorAll('[role="cell"]')[i]?.textContent ?? ""),
    idx,
  );
};

test("runs table (sort, filter, columns, export, select), compare view and analysis on a 150-node tree", async ({
  page,
  request,
}) => {
  const tree = await seedTree(request, 'Compare e2e, with a long title: quotes "and" commas', 150);
  await page.goto(`/explorations/${tree.id}`);
  await page.getByTestId("view-runs").click();
  const table = page.getByTestId("runs-table");
  await expect(table.getByTestId("runs-count")).toHaveText("150 of 150 runs");
  // virtualised: far fewer row elements than rows
  expect(await rowsShown(page).count()).toBeLessThan(80);

  // sort by validation score, best first
  await table.getByRole("button", { name: "Sort by Validation" }).click();
  const sorted = (await scoreCells(page)).map(Number).filter((v) => !Number.isNaN(v));
  expect(sorted.length).toBeGreaterThan(5);
  expect(sorted).toEqual([...sorted].sort((a, b) => b - a));

  // drag a column's right edge to widen it; a double-click puts it back
  const header = table.getByRole("columnheader", { name: /^Sort by Validation/ });
  const before = (await header.boundingBox())?.width ?? 0;
  const edge = await table.getByRole("separator", { name: "Resize Validation" }).boundingBox();
  if (!edge) throw new Error("no resize handle");
  await page.mouse.move(edge.x + edge.width / 2, edge.y + edge.height / 2);
  await page.mouse.down();
  await page.mouse.move(edge.x + 120, edge.y + edge.height / 2, { steps: 5 });
  await page.mouse.up();
  await expect.poll(async () => (await header.boundingBox())?.width ?? 0).toBeGreaterThan(before + 100);
  await table.getByRole("separator", { name: "Resize Validation" }).dblclick();
  await expect.poll(async () => Math.round((await header.boundingBox())?.width ?? 0)).toBe(Math.round(before));

  // a numeric column filter and a text filter over every column
  await table.getByLabel("Filter Validation").fill(">0.55");
  const count = Number(/^(\d+) of/.exec((await table.getByTestId("runs-count").textContent()) ?? "")?.[1]);
  expect(count).toBeGreaterThan(0);
  expect(count).toBeLessThan(150);
  for (const v of await scoreCells(page)) expect(Number(v)).toBeGreaterThan(0.55);
  await table.getByLabel("Filter runs").fill("qlora");
  await expect(table.getByTestId("runs-count")).not.toHaveText(`${count} of 150 runs`);
  await table.getByLabel("Filter runs").fill("");

  // the column picker: every training parameter is offered; a hidden column leaves the header row
  await table.getByTestId("column-picker").locator("summary").click();
  for (const name of ["learningRate", "method", "baseModel", "loraRank", "steps", "batchSize"])
    await expect(table.getByTestId("column-picker").getByLabel(name, { exact: true })).toBeVisible();
  await table.getByTestId("column-picker").getByLabel("Tokens", { exact: true }).uncheck();
  await expect(table.getByRole("columnheader", { name: /^Tokens/ })).toHaveCount(0);
  await table.getByTestId("column-picker").locator("summary").click();
  await screenshotBothThemes(page, "runs-table");

  // CSV export: the filtered rows, the shown columns, whole titles
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    table.getByRole("button", { name: "Export CSV" }).click(),
  ]);
  const csv = Papa.parse<Record<string, string>>(fs.readFileSync(await download.path(), "utf8"), {
    header: true,
    skipEmptyLines: true,
  });
  expect(csv.data.length).toBe(count);
  expect(csv.meta.fields).toContain("learningRate");
  expect(csv.meta.fields).not.toContain("Tokens");
  expect(csv.data.every((r) => /^Experiment \d+: lr [\d.]+e-3, \d+ steps$/.test(r.Title ?? ""))).toBe(true);
  const [json] = await Promise.all([
    page.waitForEvent("download"),
    table.getByRole("button", { name: "Export JSON" }).click(),
  ]);
  expect((JSON.parse(fs.readFileSync(await json.path(), "utf8")) as unknown[]).length).toBe(count);

  // select two nodes with curves and compare them
  await table.getByLabel("Filter Validation").fill("");
  const [first, second] = tree.withCurves;
  // the picked set outlives the filter that found each row
  for (const ordinal of [first, second]) {
    await table.getByLabel("Filter #").fill(`=${ordinal}`);
    await expect(table.getByTestId("runs-count")).toHaveText("1 of 150 runs");
    await table.getByLabel(`Select #${ordinal} for comparison`).check();
  }
  await table.getByLabel("Filter #").fill("");
  await table.getByTestId("compare-selected").click();
  const compare = page.getByTestId("compare-view");
  await expect(compare.getByTestId("config-diff-row").first()).toBeVisible();
  await expect(compare.getByTestId("error-group-row").first()).toBeVisible();
  await expect(compare.getByTestId("compare-metrics")).toContainText("validation score");
  const loss = compare.getByTestId("compare-loss-chart");
  await expect(loss).toHaveAttribute("data-points", /^[1-9]\d*$/);
  const box = await loss.locator(".u-over").boundingBox();
  if (!box) throw new Error("no plot");
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2);
  // the read-out names both nodes with a value each
  await expect(compare.getByTestId("compare-loss-chart-readout")).toContainText(new RegExp(`#${first}\\s*[\\d.]+`));
  await expect(compare.getByTestId("compare-loss-chart-readout")).toContainText(new RegExp(`#${second}\\s*[\\d.]+`));
  await screenshotBothThemes(page, "compare-view");

  // the canvas shows the same two nodes as picked
  await page.getByTestId("view-tree").click();
  await expect(page.locator('[data-testid="tree-node"][data-picked="true"]')).toHaveCount(2);

  // the analysis of the whole exploration
  await page.getByTestId("view-analysis").click();
  const analysis = page.getByTestId("analysis-view");
  await expect(analysis.getByTestId("parallel-coordinates")).toHaveAttribute("data-lines", /^[1-9]\d*$/);
  await expect(analysis.getByTestId("parallel-coordinates")).toHaveAttribute("data-axes", /learningRate/);
  await expect(analysis.getByTestId("parameter-importance").first()).toBeVisible();
  await expect(analysis.getByTestId("direction-effect").first()).toBeVisible();
  await expect(analysis.getByTestId("anytime-branches")).toHaveAttribute("data-points", /^[1-9]\d*$/);
  await screenshotBothThemes(page, "analysis-view", { fullPage: false });
});
