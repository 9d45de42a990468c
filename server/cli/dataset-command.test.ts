/** `trex dataset add --from DIR` on the folder layout ftbench-fetch writes, into a real database and store. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { DatasetStore } from "../datasets/dataset-store.ts";
import { createTestDb, type TestDb } from "../testing/test-db.ts";
import { listDatasets, setDatasetStore } from "../services/dataset-service.ts";
import { datasetCommand } from "./dataset-command.ts";

let t: TestDb;
let dir: string;

beforeAll(async () => {
  t = await createTestDb();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "trex-cli-dataset-"));
  setDatasetStore(new DatasetStore(path.join(dir, "store")));
});
afterAll(async () => {
  await t.cleanup();
  fs.rmSync(dir, { recursive: true, force: true });
});

function fetched(name: string, task: object, splits: Record<string, number>): string {
  const out = path.join(dir, name);
  fs.mkdirSync(out, { recursive: true });
  for (const [split, n] of Object.entries(splits)) {
    const rows = Array.from({ length: n }, (_, i) =>
      JSON.stringify({
        input: `${split} sentence ${i} is ${i % 2 ? "good" : "bad"}`,
        output: i % 2 ? "positive" : "negative",
      }),
    );
    fs.writeFileSync(path.join(out, `${split}.jsonl`), `${rows.join("\n")}\n`);
  }
  fs.writeFileSync(path.join(out, "task.json"), JSON.stringify(task));
  return out;
}

describe("trex dataset add", () => {
  it("takes the metric and labels from task.json and every split file", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => undefined);
    const out = fetched(
      "sst-2",
      { dir: "sst-2", metric: "accuracy", labels: ["negative", "positive"] },
      { train: 40, validation: 10, test: 12 },
    );
    expect(await datasetCommand(t.db, ["add", "--from", out])).toBe(0);
    const [d] = await listDatasets(t.db, ["default"]);
    expect(d).toMatchObject({ name: "sst-2", metric: "accuracy", labels: ["negative", "positive"] });
    expect(d?.summary.rows).toEqual({ train: 40, validation: 10, test: 12 });
    expect(log.mock.calls.flat().join("\n")).toMatch(/train on it: trex run --dataset \w+/);
    log.mockRestore();
  });

  it("a folder the checks refuse: one line per field error, exit 2, nothing stored", async () => {
    const err = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const out = fetched("too-small", { metric: "numeric" }, { train: 5 });
    expect(await datasetCommand(t.db, ["add", "--from", out])).toBe(2);
    const printed = err.mock.calls.flat().join("\n");
    expect(printed).toMatch(/files.train: train.jsonl: 5 usable rows; at least 10/);
    expect(printed).toMatch(/metric: "numeric" scores numbers/);
    expect(await listDatasets(t.db, ["default"])).toHaveLength(1);
    err.mockRestore();
  });
});
