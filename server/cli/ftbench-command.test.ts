/**
 * `trex ftbench record|fetch|tasks` into a real database and store; `fetch` runs the real worker's ftbench-fetch on a
 * local copy in the official layout (no network), and the fetched data is recognised as the recorded official data.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { DatasetStore } from "../datasets/dataset-store.ts";
import { createTestDb, type TestDb } from "../testing/test-db.ts";
import { listDatasets, setDatasetStore } from "../services/dataset-service.ts";
import { recogniseExplorationData } from "../services/ftbench-service.ts";
import { ftbenchCommand } from "./ftbench-command.ts";

let t: TestDb;
let dir: string;

beforeAll(async () => {
  t = await createTestDb();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "trex-cli-ftbench-"));
  setDatasetStore(new DatasetStore(path.join(dir, "store")));
  // a local copy as the Hub subset would be downloaded: LOCAL/hoc/{train,validation,test}.jsonl, list answers
  const hoc = path.join(dir, "local", "hoc");
  fs.mkdirSync(hoc, { recursive: true });
  const labels = ["immune", "invasion", "apoptosis"];
  for (const [split, n] of [
    ["train", 30],
    ["validation", 10],
    ["test", 10],
  ] as const) {
    const rows = Array.from({ length: n }, (_, i) =>
      JSON.stringify({
        input: `${split} abstract ${i}`,
        output: [labels[i % 3], ...(i % 4 ? [] : [labels[(i + 1) % 3]])],
      }),
    );
    fs.writeFileSync(path.join(hoc, `${split}.jsonl`), `${rows.join("\n")}\n`);
  }
});
afterAll(async () => {
  await t.cleanup();
  fs.rmSync(dir, { recursive: true, force: true });
});

const printed = (spy: { mock: { calls: unknown[][] } }) => spy.mock.calls.flat().join("\n");

describe("trex ftbench", () => {
  it("fetches a local copy through the worker, records it as official, and the dataset is recognised", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => undefined);
    const out = path.join(dir, "fetched-hoc");
    const code = await ftbenchCommand(t.db, [
      "fetch",
      "--task",
      "hoc",
      "--from",
      path.join(dir, "local"),
      "--out",
      out,
      "--record-official",
    ]);
    expect(code, printed(log)).toBe(0);
    expect(printed(log)).toMatch(/official ftbench:hoc test +10 rows +[0-9a-f]{64}/);
    const [d] = await listDatasets(t.db, ["default"]);
    expect(d).toMatchObject({ name: "FT-Bench HoC", metric: "macro_f1" });
    const data = await recogniseExplorationData(t.db, { taskId: "ftbench:hoc", datasetId: d?.id ?? null });
    expect(data).toMatchObject({ status: "official", note: null });
    log.mockClear();
    expect(await ftbenchCommand(t.db, ["tasks"])).toBe(0);
    expect(printed(log)).toMatch(
      /ftbench:hoc +macro-F1 \(as macro_f1\) +paper 89\.7 +official splits here: train 30, validation 10, test 10/,
    );
    expect(printed(log)).toMatch(/ftbench:gta .* official splits here: none recorded/);
    log.mockRestore();
  });

  it("says what is wrong in one line: an unknown task, no data, no folder to record", async () => {
    const err = vi.spyOn(console, "error").mockImplementation(() => undefined);
    expect(await ftbenchCommand(t.db, ["fetch", "--task", "imagenet"])).toBe(2);
    expect(printed(err)).toMatch(/--task: unknown FT-Bench task "imagenet"; known: aci-bench, /);
    err.mockClear();
    expect(await ftbenchCommand(t.db, ["fetch", "--task", "gta", "--from", path.join(dir, "local")])).toBe(2);
    expect(printed(err)).toMatch(/^ftbench-fetch: no gta\/train.jsonl under /);
    err.mockClear();
    expect(await ftbenchCommand(t.db, ["record", "--task", "gta"])).toBe(2);
    expect(printed(err)).toBe("--from: the folder that holds the task's official splits");
    err.mockRestore();
  });
});
