/**
 * The paper's FT-Bench end to end in the browser: the official SST-2 splits (small fixture files in the official
 * layout, recorded as official as `trex ftbench record` does after a fetch) and an upload of the same
 * content; an exploration started on the paper task from the form; its seeded tree ranked under SST-2 on the official
 * data, beside the paper's reference row; its entry exported and the record imported back, marked imported.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { expect, test } from "@playwright/test";
import { parseSplitText } from "../server/domain/datasets/dataset-file";
import { splitContentHash } from "../server/domain/leaderboard/data-recognition";
import { explorationIdOf, screenshotBothThemes, started, stopAll, trpcMutation } from "./helpers";
import { fillSeededTree } from "./seed-tree";

test.afterEach(({ request }) => stopAll(request));

const jsonl = (split: string, n: number) =>
  Array.from({ length: n }, (_, i) =>
    JSON.stringify({
      input: `${split} ${i}: the film was ${i % 2 ? "moving" : "tedious"}`,
      output: i % 2 ? "positive" : "negative",
    }),
  ).join("\n") + "\n";

test("an official-task entry beside the paper's reference row; export and verified import", async ({
  page,
  request,
}) => {
  const stamp = Date.now();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "trex-ftbench-e2e-"));
  const splits = { train: jsonl(`train ${stamp}`, 40), validation: jsonl("validation", 12), test: jsonl("test", 12) };
  // the official splits recorded on the instance, as `trex ftbench record` does (the CLI's own test runs it; here the
  // server holds the database, so the rows go in directly, hashed by the same function)
  const db = new Database(path.join(process.env.TREX_E2E_DATA_DIR ?? "", "trex.db"));
  db.pragma("busy_timeout = 10000");
  const insert = db.prepare(
    "INSERT OR REPLACE INTO FtBenchOfficialSplit (taskId, split, sha256, rows, source, recordedAt) VALUES ('ftbench:sst-2', ?, ?, ?, 'e2e fixture', ?)",
  );
  for (const [split, text] of Object.entries(splits)) {
    const { pairs } = parseSplitText(`${split}.jsonl`, text);
    insert.run(split, splitContentHash(pairs), pairs.length, new Date().toISOString());
  }
  db.close();

  // the same content uploaded as a dataset
  const origin = new URL(test.info().project.use.baseURL ?? "").origin;
  const upload = await request.post("/api/datasets", {
    headers: { origin },
    multipart: {
      name: `FT-Bench SST-2 ${stamp}`,
      metric: "accuracy",
      labels: "",
      ...Object.fromEntries(
        Object.entries(splits).map(([split, text]) => [
          split,
          { name: `${split}.jsonl`, mimeType: "application/jsonl", buffer: Buffer.from(text) },
        ]),
      ),
    },
  });
  expect(upload.status(), await upload.text()).toBe(201);
  const { dataset } = (await upload.json()) as { dataset: { id: string } };

  // start it from the form: the paper's task, its data, the hint with the paper's number
  await page.goto("/explorations/new");
  await page.getByRole("radio", { name: "FT-Bench (paper) task" }).click();
  await page.locator('select[name="paperTaskId"]').selectOption("ftbench:sst-2");
  await expect(page.getByTestId("paper-task-hint")).toContainText("Paper: 97.2 accuracy on qwen3-1.7b");
  await page.getByTestId("dataset-picker").locator("select").selectOption(dataset.id);
  await page
    .locator('textarea[name="goal"]')
    .fill("Fine-tune the model for binary sentiment of movie-review sentences; accuracy.");
  await page.locator('input[name="title"]').fill(`SST-2 official ${stamp}`);
  await page.screenshot({ path: "test-results/screenshots/ftbench-new-exploration.png" });
  await page.locator('select[name="approvalMode"]').selectOption("review-each-expansion");
  await page.getByRole("button", { name: "Start exploration" }).click();
  const confirm = page.getByRole("checkbox", { name: /confirm|understood|start anyway/i });
  if (await confirm.isVisible().catch(() => false)) {
    await confirm.check();
    await page.getByRole("button", { name: "Start exploration" }).click();
  }
  await expect(page).toHaveURL(/\/explorations\/(?!new$)[a-z0-9]+$/);
  const id = explorationIdOf(page);
  started.push(id);
  await fillSeededTree(request, id, 8, 0);
  await trpcMutation(request, "leaderboard.submit", { explorationId: id });

  await page.goto("/leaderboard");
  const sst2 = page.getByTestId("board-official").getByTestId("board-task-ftbench:sst-2");
  const reference = sst2.getByTestId("reference-row");
  await expect(reference).toContainText("Paper: TREX best (97.2 accuracy)");
  await expect(reference).toContainText("qwen3-1.7b");
  await expect(reference).toContainText("0.972");
  const entry = sst2.getByTestId("board-entry").filter({ hasText: `SST-2 official ${stamp}` });
  await expect(entry).toHaveCount(1);
  await expect(entry.getByTestId("data-note")).toHaveCount(0);
  await expect(entry.getByTestId("to-reference")).toHaveText(/^-0\.\d{3}$/);
  await expect(page.getByTestId("board-modified").getByText(`SST-2 official ${stamp}`)).toHaveCount(0);
  await sst2.scrollIntoViewIfNeeded();
  await screenshotBothThemes(page, "ftbench-board");
  await page.screenshot({ path: "test-results/screenshots/ftbench-board-full.png", fullPage: true });

  // export the entry; importing the record back here stands in for another instance (the node is new to the import)
  const download = page.waitForEvent("download");
  await entry.getByRole("button", { name: /Export entry/ }).click();
  const file = (await (await download).path()) ?? "";
  const record = JSON.parse(fs.readFileSync(file, "utf8")) as {
    source: { instance: string };
    scores: { test: number };
  };
  expect(record.scores.test).toBeGreaterThan(0);
  // a tampered copy is refused with a sentence
  const tampered = path.join(dir, "tampered.json");
  fs.writeFileSync(tampered, JSON.stringify({ ...record, scores: { ...record.scores, test: 0.999 } }));
  await page.getByLabel("Import entry").setInputFiles(tampered);
  await expect(page.getByTestId("import-note")).toHaveText(
    "import refused: the record was changed after it was exported: its digest does not match its content",
  );
  // the record as exported imports, marked imported, under SST-2 official
  await page.getByLabel("Import entry").setInputFiles(file);
  await expect(page.getByTestId("import-note")).toContainText("Imported");
  await expect(sst2.getByTestId("board-entry").filter({ hasText: `SST-2 official ${stamp}` })).toHaveCount(2);
  await expect(sst2.getByTestId("imported")).toHaveCount(1);
  await sst2.scrollIntoViewIfNeeded();
  await page.screenshot({ path: "test-results/screenshots/ftbench-board-imported.png" });
  fs.rmSync(dir, { recursive: true, force: true });
});
