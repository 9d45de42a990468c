/**
 * The paper's FT-Bench on the leaderboard, through the API: data recognised by content hash (official, modified,
 * FT-Bench-mini), reference rows with the paper's numbers, the test score of the node chosen on validation, and an
 * entry's export and verified import on a second instance. The official splits are small fixture files written here
 * in the official layout and recorded as official the way `trex ftbench record` does; no network.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { createCaller } from "../api/root.ts";
import { DatasetStore } from "../datasets/dataset-store.ts";
import { createTestDb, type TestDb } from "../testing/test-db.ts";
import { FakeRunner } from "../testing/fake-runner.ts";
import { authedContext } from "../testing/test-auth.ts";
import { Orchestrator } from "../orchestrator/orchestrator.ts";
import { registerRunner } from "./runner-registry.ts";
import { createDataset, setDatasetStore, type UploadedFile } from "./dataset-service.ts";
import { recordOfficialSplits, type SplitFile } from "./ftbench-service.ts";
import { entryFacts } from "../domain/leaderboard/leaderboard-entry.ts";
import { recordDigest, type EntryRecord } from "../domain/leaderboard/entry-record.ts";
import { sampleEntryRecord } from "../testing/entry-record-fixture.ts";

const budget = { rounds: 1, trainingRuns: 3, computeSeconds: 10_000, wallSeconds: 3600, tokens: 0 };
let t: TestDb;
let storeDir: string;
let runner: FakeRunner;
let orchestrator: Orchestrator;
let api: ReturnType<typeof createCaller>;

/** SST-2 in the official layout: {"input", "output"} JSONL, train / validation / test */
const sentences = (split: string, n: number) =>
  Array.from({ length: n }, (_, i) => ({
    input: `${split} sentence ${i}: the film was ${i % 2 ? "wonderful" : "dull"}`,
    output: i % 2 ? "positive" : "negative",
  }));
const jsonl = (rows: { input: string; output: string }[]) => rows.map((r) => JSON.stringify(r)).join("\n") + "\n";
const official = {
  train: sentences("train", 40),
  validation: sentences("validation", 12),
  test: sentences("test", 12),
};
const officialFiles = (): SplitFile[] =>
  (["train", "validation", "test"] as const).map((split) => ({
    split,
    fileName: `${split}.jsonl`,
    text: jsonl(official[split]),
  }));

async function dataset(name: string, files: UploadedFile[]) {
  return createDataset(t.db, {
    meta: { name, metric: "accuracy", labels: [] },
    files,
    workspaceId: "default",
    createdById: null,
  });
}
const upload = (split: UploadedFile["split"], fileName: string, text: string): UploadedFile => ({
  split,
  fileName,
  data: Buffer.from(text),
});

/** One round; each trained node gets the (validation, test) pair given, the baseline 0.5 / 0.48. */
async function run(input: { taskId: string; datasetId?: string; baseModel?: string }, results: [number, number][]) {
  const { id } = await api.exploration.create({
    goal: "Classify movie-review sentences by sentiment; maximise accuracy.",
    ...input,
    baseModel: (input.baseModel ?? "tiny-base") as "tiny-base",
    budget,
    seed: Math.floor(Math.random() * 1e6),
  });
  await orchestrator.settle(id);
  runner.succeed(runner.pending()[0]?.jobId ?? "", 0.5, {
    metrics: { validation: { primary: 0.5 }, test: { primary: 0.48 } },
  });
  await orchestrator.settle(id);
  let i = 0;
  while (runner.pending().length > 0) {
    for (const s of runner.pending()) {
      const [v, te] = results[i++ % results.length] ?? [0.5, 0.5];
      runner.succeed(s.jobId, v, { metrics: { validation: { primary: v }, test: { primary: te } } });
    }
    await orchestrator.settle(id);
  }
  return id;
}

async function refusal(p: Promise<unknown>): Promise<string> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(TRPCError);
  return (e as TRPCError).message;
}

beforeEach(async () => {
  t = await createTestDb();
  storeDir = fs.mkdtempSync(path.join(os.tmpdir(), "trex-ftbench-"));
  setDatasetStore(new DatasetStore(storeDir));
  runner = new FakeRunner(4);
  registerRunner(runner);
  orchestrator = new Orchestrator(t.db, { tickMs: 60_000 });
  api = createCaller(await authedContext(t.db, "reviewer"));
});
afterEach(async () => {
  await orchestrator.stop();
  await t.cleanup();
  fs.rmSync(storeDir, { recursive: true, force: true });
});

describe("FT-Bench on the leaderboard", () => {
  it("ranks official data under its task, modified data apart, FT-Bench-mini in its own section", async () => {
    const recorded = await recordOfficialSplits(t.db, "sst-2", officialFiles(), "fixture in the official layout");
    expect(recorded.splits.map((s) => [s.split, s.rows])).toEqual([
      ["train", 40],
      ["validation", 12],
      ["test", 12],
    ]);
    // the same rows as CSV with other field names and spacing: the same content, so official
    const csv = (rows: { input: string; output: string }[]) =>
      "text,label\n" + rows.map((r) => `"${r.input}",${r.output}`).join("\n") + "\n";
    const same = await dataset("sst-2 as csv", [
      upload("train", "train.csv", csv(official.train)),
      upload("validation", "dev.csv", csv(official.validation)),
      upload("test", "test.csv", csv(official.test)),
    ]);
    // one test answer changed: modified
    const tampered = official.test.map((r, i) => (i === 2 ? { ...r, output: "positive" } : r));
    const changed = await dataset("sst-2, one test row changed", [
      upload("train", "train.jsonl", jsonl(official.train)),
      upload("validation", "validation.jsonl", jsonl(official.validation)),
      upload("test", "test.jsonl", jsonl(tampered)),
    ]);
    const a = await run({ taskId: "ftbench:sst-2", datasetId: same.id }, [[0.8, 0.79]]);
    const b = await run({ taskId: "ftbench:sst-2", datasetId: changed.id }, [[0.9, 0.9]]);
    const c = await run({ taskId: "mini-sst2" }, [[0.7, 0.7]]);

    const board = await api.leaderboard.board({});
    const sst2 = board.official.find((g) => g.taskId === "ftbench:sst-2");
    expect(sst2?.entries.map((e) => e.explorationId)).toEqual([a]);
    expect(sst2?.entries[0]).toMatchObject({ dataStatus: "official", dataNote: null });
    const modified = board.modified.find((g) => g.taskId === "ftbench:sst-2");
    expect(modified?.entries.map((e) => e.explorationId)).toEqual([b]);
    expect(modified?.entries[0]?.dataNote).toMatch(/^the test split differs from the official one \([0-9a-f]{12}…/);
    expect(board.mini.map((g) => [g.taskId, g.entries.map((e) => e.explorationId)])).toEqual([["mini-sst2", [c]]]);
    expect(board.official.flatMap((g) => g.entries).some((e) => e.explorationId === c || e.explorationId === b)).toBe(
      false,
    );
    // the whole test split is scored for a paper task, the first 300 rows for FT-Bench-mini: never compared
    expect(sst2?.entries[0]?.evaluation).toEqual({ metric: "accuracy", maxExamples: 100_000, decoding: "greedy" });
  });

  it("says why data is not official: a carved split, or no official hashes recorded here", async () => {
    const trainOnly = await dataset("sst-2 train only", [upload("train", "train.jsonl", jsonl(official.train))]);
    const unrecorded = await run({ taskId: "ftbench:sst-2", datasetId: trainOnly.id }, [[0.7, 0.7]]);
    let line = (await api.leaderboard.list({})).find((e) => e.explorationId === unrecorded);
    expect(line).toMatchObject({ dataStatus: "modified" });
    expect(line?.dataNote).toMatch(/no official SST-2 splits are recorded on this instance/);
    await recordOfficialSplits(t.db, "ftbench:sst-2", officialFiles(), "fixture");
    const carved = await run({ taskId: "ftbench:sst-2", datasetId: trainOnly.id }, [[0.7, 0.7]]);
    line = (await api.leaderboard.list({})).find((e) => e.explorationId === carved);
    expect(line?.dataNote).toBe(
      "no validation split (the official one has 12 rows); no test split (the official one has 12 rows)",
    );
  });

  it("puts the paper's reported score beside every paper task, with the source and each entry's distance", async () => {
    await recordOfficialSplits(t.db, "sst-2", officialFiles(), "fixture");
    const d = await dataset(
      "sst-2",
      officialFiles().map((f) => upload(f.split, f.fileName, f.text)),
    );
    const id = await run({ taskId: "ftbench:sst-2", datasetId: d.id }, [[0.95, 0.9]]);
    const board = await api.leaderboard.board({});
    // from /work/shared/FT-BENCH.md: TREX's best per task on Qwen3-1.7B (secondary sources)
    expect(board.official.map((g) => [g.taskId, g.reference?.score])).toEqual([
      ["ftbench:aci-bench", 0.502],
      ["ftbench:tomg-bench", 0.681],
      ["ftbench:omebench", 0.484],
      ["ftbench:hoc", 0.897],
      ["ftbench:sst-2", 0.972],
      ["ftbench:cs-bench", 0.581],
      ["ftbench:openfindata", 0.699],
      ["ftbench:econlogicqa", 0.454],
      ["ftbench:gta", 0.652],
      ["ftbench:lawbench", 0.421],
    ]);
    const ref = (id: string) => board.official.find((g) => g.taskId === id)?.reference;
    expect(ref("ftbench:sst-2")).toMatchObject({ baseModel: "qwen3-1.7b", baseline: null, reported: "97.2 accuracy" });
    expect(ref("ftbench:sst-2")?.source).toMatch(/secondary sources/);
    expect(ref("ftbench:gta")?.baseline).toBe(0.18); // "baseline ~18", the only baseline the sources give
    expect(ref("ftbench:sst-2")?.note).toBeNull();
    expect(ref("ftbench:omebench")?.note).toBe(
      "TREX scores oMeBench with rouge1, the paper with oMeScore: the distance is not like for like",
    );
    const entry = board.official.find((g) => g.taskId === "ftbench:sst-2")?.entries[0];
    expect(entry?.explorationId).toBe(id);
    expect(entry?.toReference).toBeCloseTo(0.9 - 0.972);
    // filtering by base model keeps the reference rows and drops the other models' entries
    const other = await api.leaderboard.board({ baseModel: "tiny-small" });
    expect(other.official.find((g) => g.taskId === "ftbench:sst-2")?.entries).toEqual([]);
    expect(other.official.find((g) => g.taskId === "ftbench:sst-2")?.reference?.score).toBe(0.972);
  });

  it("shows the test score of the node chosen on validation, never the best test score", async () => {
    // node 1: best on validation (0.9) but worse on test (0.6); node 2: 0.8 on validation, 0.95 on test
    const id = await run({ taskId: "mini-sst2" }, [
      [0.9, 0.6],
      [0.8, 0.95],
    ]);
    const line = (await api.leaderboard.list({})).find((e) => e.explorationId === id);
    expect(line).toMatchObject({ score: 0.9, testScore: 0.6 });
    // and on a tie on validation, the earlier node
    const at = (s: number) => new Date(s * 1000);
    const node = (id: string, score: number, testScore: number, s: number) => ({
      id,
      parentId: id === "r" ? null : "r",
      status: "succeeded",
      score,
      testScore,
      computeSeconds: 1,
      tokens: 0,
      reused: false,
      finishedAt: at(s),
      method: "lora",
    });
    const facts = entryFacts([node("r", 0.3, 0.3, 1), node("a", 0.7, 0.5, 2), node("b", 0.7, 0.9, 3)], at(0));
    expect(facts).toMatchObject({ nodeId: "a", testScore: 0.5, method: "lora" });
  });

  it("groups notes when entries differ in base model or evaluation", async () => {
    await run({ taskId: "mini-sst2", baseModel: "tiny-small" }, [[0.7, 0.7]]);
    await run({ taskId: "mini-sst2", baseModel: "tiny-base" }, [[0.75, 0.7]]);
    const group = (await api.leaderboard.board({})).mini.find((g) => g.taskId === "mini-sst2");
    expect(group?.notes).toEqual(["2 base models (tiny-base, tiny-small): compare entries of the same base model"]);
    const onlySmall = await api.leaderboard.board({ baseModel: "tiny-small" });
    expect(onlySmall.mini[0]?.entries.map((e) => e.baseModel)).toEqual(["tiny-small"]);
    expect(onlySmall.baseModels).toEqual(["tiny-base", "tiny-small"]);
  });
});

describe("an entry's export and import", () => {
  it("round-trips to a second instance, verified and marked imported", async () => {
    await recordOfficialSplits(t.db, "sst-2", officialFiles(), "fixture");
    const d = await dataset(
      "sst-2",
      officialFiles().map((f) => upload(f.split, f.fileName, f.text)),
    );
    const id = await run({ taskId: "ftbench:sst-2", datasetId: d.id }, [[0.88, 0.86]]);
    const record = await api.leaderboard.exportEntry({ explorationId: id });
    expect(record).toMatchObject({
      format: "trex-leaderboard-entry",
      task: { id: "ftbench:sst-2", dataStatus: "official" },
      baseModel: "tiny-base",
      scores: { validation: 0.88, test: 0.86, baseline: 0.5 },
    });
    expect(record.best.config.steps).toBeGreaterThan(0);
    expect(record.best.recipe.operators.length).toBeGreaterThan(0);
    expect(Object.keys(record.task.splitHashes)).toEqual(["train", "validation", "test"]);

    // another instance, which recorded the same official splits
    const other = await createTestDb();
    try {
      await recordOfficialSplits(other.db, "sst-2", officialFiles(), "fixture");
      const there = createCaller(await authedContext(other.db, "reviewer"));
      const wire = JSON.parse(JSON.stringify(record)) as EntryRecord;
      await there.leaderboard.import({ workspaceId: "default", record: wire });
      const line = (await there.leaderboard.list({})).find((e) => e.importedFrom !== null);
      expect(line).toMatchObject({
        explorationId: null,
        status: "imported",
        taskId: "ftbench:sst-2",
        dataStatus: "official",
        score: 0.88,
        testScore: 0.86,
        importedFrom: record.source.instance,
      });
      const board = await there.leaderboard.board({});
      expect(board.official.find((g) => g.taskId === "ftbench:sst-2")?.entries.map((e) => e.importedFrom)).toEqual([
        record.source.instance,
      ]);
      expect(await refusal(there.leaderboard.import({ workspaceId: "default", record: wire }))).toMatch(
        /already imported here/,
      );

      // tampered: a better test score written into the record
      const better = { ...wire, scores: { ...wire.scores, test: 0.99 } };
      expect(await refusal(there.leaderboard.import({ workspaceId: "default", record: better }))).toBe(
        "import refused: the record was changed after it was exported: its digest does not match its content",
      );
      // tampered and re-digested, but the gain no longer follows from the scores
      const { digest: _d, ...rest } = { ...wire, scores: { ...wire.scores, gain: 0.6 } };
      const redigested = { ...rest, digest: recordDigest(rest) };
      expect(await refusal(there.leaderboard.import({ workspaceId: "default", record: redigested }))).toBe(
        "import refused: the gain is not the validation score minus the baseline",
      );
      // out of range, and not a record at all
      expect(
        await refusal(
          there.leaderboard.import({
            workspaceId: "default",
            record: { ...wire, scores: { ...wire.scores, test: 7 } },
          }),
        ),
      ).toBe("import refused: not a TREX leaderboard record: scores.test: scores are fractions in [0, 1]");
      expect(await refusal(there.leaderboard.import({ workspaceId: "default", record: "hello" }))).toMatch(
        /^import refused: not a TREX leaderboard record/,
      );
    } finally {
      await other.cleanup();
    }
  });

  it("refuses a record that claims official data the instance's official splits contradict", async () => {
    // this instance's official SST-2 test split is another one than the record's
    await recordOfficialSplits(
      t.db,
      "sst-2",
      officialFiles().map((f) => (f.split === "test" ? { ...f, text: jsonl(sentences("other test", 12)) } : f)),
      "fixture",
    );
    const hashes = { train: "a".repeat(64), validation: "b".repeat(64), test: "c".repeat(64) };
    const { dataHashOf } = await import("../domain/leaderboard/data-recognition.ts");
    const record = sampleEntryRecord({
      task: { id: "ftbench:sst-2", dataStatus: "official", dataHash: dataHashOf(hashes), splitHashes: hashes },
      evaluation: { metric: "accuracy", maxExamples: 100_000, decoding: "greedy" },
    });
    expect(await refusal(api.leaderboard.import({ workspaceId: "default", record }))).toMatch(
      /^import refused: the record says official data, but the train split differs from the official one/,
    );
    // a mini record imports, marked imported, in the mini section
    await api.leaderboard.import({ workspaceId: "default", record: sampleEntryRecord() });
    const board = await api.leaderboard.board({});
    expect(board.mini[0]?.entries[0]).toMatchObject({
      importedFrom: "https://other-trex.example.org",
      dataStatus: "mini",
    });
  });
});
