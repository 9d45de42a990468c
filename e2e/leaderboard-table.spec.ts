/**
 * The leaderboard without training: seeded explorations, two ranked and one still running (paused here, so the
 * loop leaves it alone) shown as provisional; every column sorts; exports keep whole titles; one unit everywhere.
 */
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import Papa from "papaparse";
import { expect, test, type Page } from "@playwright/test";
import { screenshotBothThemes, stopAll, trpcMutation } from "./helpers";
import { seedTree } from "./seed-tree";

test.afterEach(({ request }) => stopAll(request));

const rowsOf = (page: Page) => page.getByTestId("leaderboard-table").locator("tbody tr");
const column = (page: Page, index: number) =>
  rowsOf(page).evaluateAll((rows, i) => rows.map((r) => r.querySelectorAll("td")[i]?.textContent ?? ""), index);

test("sortable columns, provisional running explorations, exports with whole titles", async ({ page, request }) => {
  const stamp = Date.now();
  const long = `Leaderboard e2e ${stamp}: a title with, commas, "quotes" and more than sixty characters so nothing may cut it`;
  const a = await seedTree(request, long, 10, 0);
  const b = await seedTree(request, `Leaderboard e2e ${stamp} second`, 8, 0);
  const live = await seedTree(request, `Leaderboard e2e ${stamp} still running`, 10, 0);
  for (const x of [a, b]) await trpcMutation(request, "leaderboard.submit", { explorationId: x.id });
  // back to searching: paused, so no loop acts on it, and ranked provisionally
  const db = new Database(path.join(process.env.TREX_E2E_DATA_DIR ?? "", "trex.db"));
  db.prepare("UPDATE Exploration SET status = 'paused' WHERE id = ?").run(live.id);
  db.close();

  await page.goto("/leaderboard");
  const mine = rowsOf(page).filter({ hasText: `Leaderboard e2e ${stamp}` });
  await expect(mine).toHaveCount(3);
  const provisional = mine.filter({ hasText: "still running" });
  await expect(provisional.getByTestId("provisional")).toHaveText("provisional · paused");
  await expect(mine.filter({ hasText: "second" }).getByTestId("provisional")).toHaveCount(0);
  // the live row's test score stays sealed while it searches
  await expect(provisional.locator("td").nth(7)).toHaveText("—");
  // one unit: scores as fractions with three decimals, gains signed, compute in s / min / h
  const best = await column(page, 6);
  expect(best.every((v) => /^(\d\.\d{3}|—)$/.test(v))).toBe(true);
  expect((await column(page, 8)).every((v) => /^[+-]\d\.\d{3}$/.test(v))).toBe(true);
  expect((await column(page, 9)).every((v) => /^\d+(\.\d+)? (s|min|h|d)$/.test(v))).toBe(true);

  // sorting: compute high first, then low first; a text column A→Z
  const numbers = async (i: number) =>
    (await column(page, i)).map((v) => {
      const [n, unit] = v.split(" ");
      return Number(n) * ({ s: 1, min: 60, h: 3600, d: 86400 }[unit ?? "s"] ?? 1);
    });
  await page.getByRole("button", { name: "Sort by Compute" }).click();
  const desc = await numbers(9);
  expect(desc).toEqual([...desc].sort((x, y) => y - x));
  await expect(page.getByTestId("leaderboard-table").getByRole("columnheader", { name: /Compute/ })).toHaveAttribute(
    "aria-sort",
    "descending",
  );
  await page.getByRole("button", { name: "Sort by Compute" }).click();
  const asc = await numbers(9);
  expect(asc).toEqual([...asc].sort((x, y) => x - y));
  await page.getByRole("button", { name: "Sort by Exploration" }).click();
  await expect(
    page.getByTestId("leaderboard-table").getByRole("columnheader", { name: /Exploration/ }),
  ).toHaveAttribute("aria-sort", "ascending");
  const titles = await column(page, 2);
  await page.getByRole("button", { name: "Sort by Exploration" }).click();
  expect(await column(page, 2)).toEqual([...titles].reverse());
  await page.getByRole("button", { name: "Sort by Gain" }).click();
  const gains = (await column(page, 8)).map(Number);
  expect(gains).toEqual([...gains].sort((x, y) => y - x));
  await screenshotBothThemes(page, "leaderboard-sorted", { fullPage: true });

  // exports: whole titles, the provisional mark, quoted cells that parse back
  const csvDownload = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export CSV" }).click();
  const csv = fs.readFileSync((await (await csvDownload).path()) ?? "", "utf8");
  const parsed = Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true }).data;
  expect(parsed.find((r) => r.explorationId === a.id)?.title).toBe(long);
  expect(parsed.find((r) => r.explorationId === live.id)?.provisional).toBe("true");
  const jsonDownload = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export JSON" }).click();
  const json = JSON.parse(fs.readFileSync((await (await jsonDownload).path()) ?? "", "utf8")) as {
    explorationId: string;
    title: string;
    provisional: boolean;
  }[];
  expect(json.find((r) => r.explorationId === a.id)?.title).toBe(long);
  expect(json.find((r) => r.explorationId === live.id)?.provisional).toBe(true);
  expect(json.find((r) => r.explorationId === b.id)?.provisional).toBe(false);

  const db2 = new Database(path.join(process.env.TREX_E2E_DATA_DIR ?? "", "trex.db"));
  db2.prepare("UPDATE Exploration SET status = 'stopped' WHERE id = ?").run(live.id);
  db2.close();
});
