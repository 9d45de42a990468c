/**
 * Dataset uploads over HTTP into a real database and folder, and explorations that train on them: only
 * reviewers of a workspace upload into it, bad files get field errors and leave nothing behind, and a job on a
 * dataset carries its files byte for byte to a real worker.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "../auth/api-tokens.ts";
import { DatasetStore } from "../datasets/dataset-store.ts";
import { createTestDb, type TestDb } from "../testing/test-db.ts";
import { contextFor, createTestUser, type TestUser } from "../testing/test-auth.ts";
import { PYTHON, WORKER_DIR } from "../testing/tiny-job.ts";
import { createExploration, stopExploration } from "../services/exploration-service.ts";
import { deleteDataset, getDatasetIn, setDatasetStore, taskInfoOfDataset } from "../services/dataset-service.ts";
import { forkFromNode } from "../services/fork-service.ts";
import { listNodes } from "../repositories/node-repository.ts";
import { registerRunner } from "../services/runner-registry.ts";
import { LocalRunner } from "../runners/local/local-runner.ts";
import { Orchestrator } from "../orchestrator/orchestrator.ts";
import { createCaller } from "./root.ts";
import { handleDatasetUpload, MAX_UPLOAD_BYTES } from "./dataset-upload-handler.ts";

let t: TestDb;
let storeDir: string;
let jobsDir: string;
let reviewer: TestUser;
let reviewerToken: string;
let viewerToken: string;
let strangerToken: string;

const jsonl = (rows: object[]) => rows.map((r) => JSON.stringify(r)).join("\n");
const reviews = Array.from({ length: 60 }, (_, i) => ({
  input: `the film number ${i} was ${i % 2 ? "wonderful" : "dreadful"}`,
  output: i % 2 ? "pos" : "neg",
}));
const testCsv = 'input,output\n"not bad, ""honestly"" wonderful",pos\n"dreadful, sadly",neg\n';

function post(
  fields: Record<string, string | { name: string; body: string | Uint8Array<ArrayBuffer> }>,
  headers: Record<string, string> = {},
) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, typeof v === "string" ? v : new File([v.body], v.name));
  return handleDatasetUpload(
    new Request("http://localhost/api/datasets", { method: "POST", body: form, headers }),
    t.db,
  );
}
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const goodFields = () => ({
  name: "film reviews",
  metric: "accuracy",
  labels: "",
  train: { name: "reviews-train.jsonl", body: jsonl(reviews) },
  test: { name: "test.csv", body: testCsv },
});

beforeAll(async () => {
  t = await createTestDb();
  storeDir = fs.mkdtempSync(path.join(os.tmpdir(), "trex-datasets-"));
  jobsDir = fs.mkdtempSync(path.join(os.tmpdir(), "trex-dataset-jobs-"));
  setDatasetStore(new DatasetStore(storeDir));
  reviewer = await createTestUser(t.db, { role: "reviewer", workspaceId: "lab" });
  const viewer = await createTestUser(t.db, { role: "viewer", workspaceId: "lab" });
  const stranger = await createTestUser(t.db, { role: "admin", workspaceId: "elsewhere" });
  reviewerToken = (await createApiToken(t.db, reviewer.userId, "cli", ["review"])).token;
  viewerToken = (await createApiToken(t.db, viewer.userId, "cli", ["read"])).token;
  strangerToken = (await createApiToken(t.db, stranger.userId, "cli", ["admin"])).token;
});

afterAll(async () => {
  await t.cleanup();
  fs.rmSync(storeDir, { recursive: true, force: true });
  fs.rmSync(jobsDir, { recursive: true, force: true });
});

const storedIds = () => fs.readdirSync(storeDir).filter((d) => !d.startsWith("."));

describe("POST /api/datasets", () => {
  let datasetId = "";

  it("stores a good upload byte for byte, with its summary, in the caller's workspace, and audits it", async () => {
    const res = await post(goodFields(), bearer(reviewerToken));
    expect(res.status).toBe(201);
    const { dataset } = (await res.json()) as {
      dataset: {
        id: string;
        workspaceId: string;
        summary: { rows: object; carved: string[]; inferredLabels: string[] };
      };
    };
    datasetId = dataset.id;
    expect(dataset.workspaceId).toBe("lab");
    expect(dataset.summary.rows).toEqual({ train: 60, test: 2 });
    expect(dataset.summary.carved).toEqual(["validation"]);
    expect(dataset.summary.inferredLabels).toEqual(["neg", "pos"]);
    expect(fs.readFileSync(path.join(storeDir, dataset.id, "train.jsonl"), "utf8")).toBe(jsonl(reviews));
    expect(fs.readFileSync(path.join(storeDir, dataset.id, "test.csv"), "utf8")).toBe(testCsv);
    const audit = await t.db.auditEvent.findFirst({ where: { action: "dataset.upload", target: dataset.id } });
    expect(audit?.workspaceId).toBe("lab");
  });

  it("lists it to members of the workspace only", async () => {
    const member = createCaller(await contextFor(t.db, reviewer));
    expect((await member.dataset.list()).map((d) => d.id)).toEqual([datasetId]);
    const outsider = createCaller(
      await contextFor(t.db, await createTestUser(t.db, { role: "admin", workspaceId: "elsewhere" })),
    );
    expect(await outsider.dataset.list()).toEqual([]);
    await expect(outsider.dataset.get({ datasetId })).rejects.toThrow(/not found/);
  });

  it("answers bad files with field errors and keeps nothing", async () => {
    const before = storedIds().length;
    const res = await post(
      {
        name: "",
        metric: "numeric",
        train: { name: "train.jsonl", body: '{"a": 1}\n{"b": 2}\n' },
        validation: { name: "val.parquet", body: "PAR1" },
        test: { name: "test.csv", body: new Uint8Array([0x69, 0x6e, 0x70, 0x75, 0x74, 0xff, 0xfe]) },
      },
      bearer(reviewerToken),
    );
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: { fieldErrors: Record<string, string> } };
    expect(error.fieldErrors.name).toBe("Name the dataset");
    expect(error.fieldErrors["files.train"]).toMatch(
      /train.jsonl: no usable rows \(line 1: no input\/output fields \(has: a\)\)/,
    );
    expect(error.fieldErrors["files.validation"]).toMatch(/only .jsonl and .csv/);
    expect(error.fieldErrors["files.test"]).toMatch(/not UTF-8 text/);
    expect(storedIds().length).toBe(before);
    expect(await t.db.dataset.count()).toBe(1);
  });

  it("refuses strangers, viewers, cross-site cookie posts and oversized bodies before reading them", async () => {
    expect((await post(goodFields())).status).toBe(401);
    expect((await post(goodFields(), bearer(viewerToken))).status).toBe(403);
    expect((await post({ ...goodFields(), workspaceId: "lab" }, bearer(strangerToken))).status).toBe(403);
    const crossSite = await post(goodFields(), {
      cookie: "trex.session_token=x",
      origin: "https://evil.example",
      "sec-fetch-site": "cross-site",
    });
    expect(crossSite.status).toBe(403);
    const big = await handleDatasetUpload(
      new Request("http://localhost/api/datasets", {
        method: "POST",
        body: "x",
        headers: { ...bearer(reviewerToken), "content-length": String(MAX_UPLOAD_BYTES + 1) },
      }),
      t.db,
    );
    expect(big.status).toBe(413);
    expect(await t.db.dataset.count()).toBe(1);
  });

  it("an exploration on the dataset: its own task id and kind, only from the dataset's workspace, and the dataset cannot be deleted under it", async () => {
    await expect(
      createExploration(
        t.db,
        { goal: "Classify film reviews by sentiment.", datasetId },
        { workspaceIds: ["elsewhere"] },
      ),
    ).rejects.toThrow(/no dataset/);
    await expect(
      createExploration(t.db, { goal: "Classify film reviews by sentiment.", datasetId, taskId: "mini-sst2" }),
    ).rejects.toThrow(/not both/);
    const e = await createExploration(
      t.db,
      { goal: "Classify film reviews by sentiment.", datasetId },
      { workspaceIds: ["lab"] },
    );
    expect(e.taskId).toBe(`dataset:${datasetId}`);
    expect(e.datasetId).toBe(datasetId);
    expect(e.workspaceId).toBe("lab");
    expect(e.spec.taskType).toBe("classification");
    expect(e.spec.metric).toEqual({ name: "accuracy", direction: "higher" });
    const record = await getDatasetIn(t.db, datasetId, ["lab"]);
    expect(
      (["exact_match", "rouge1", "macro_f1"] as const).map((metric) => taskInfoOfDataset({ ...record, metric }).metric),
    ).toEqual(["exact match", "ROUGE-1", "macro-F1"]);
    expect(e.title).toMatch(/^film reviews: /);
    await expect(deleteDataset(t.db, datasetId, ["lab"])).rejects.toThrow(/used by 1 exploration/);
    // a fork trains on the same dataset
    const root = (await listNodes(t.db, e.id))[0];
    const fork = await forkFromNode(t.db, root?.id ?? "", { workspaceIds: ["lab"] });
    expect(
      await t.db.exploration.findUnique({ where: { id: fork.id }, select: { datasetId: true, taskId: true } }),
    ).toEqual({ datasetId, taskId: `dataset:${datasetId}` });
    // no orchestrator drives these two: stopped, they do not wait for the local runner's slots the later tests share fairly
    for (const id of [e.id, fork.id]) await stopExploration(t.db, id);
  });

  it("a dataset whose files went missing fails its node with the reason instead of training on nothing", async () => {
    const res = await post({ ...goodFields(), name: "soon gone" }, bearer(reviewerToken));
    const { dataset } = (await res.json()) as { dataset: { id: string } };
    // (a goal naming the workspace's other dataset, "film reviews", would first ask which one is meant)
    const e = await createExploration(
      t.db,
      { goal: "Classify these reviews by sentiment.", datasetId: dataset.id },
      { workspaceIds: ["lab"] },
    );
    fs.rmSync(path.join(storeDir, dataset.id), { recursive: true });
    const orchestrator = new Orchestrator(t.db, { tickMs: 60_000 });
    try {
      await orchestrator.settle(e.id);
    } finally {
      await orchestrator.stop();
    }
    const [root] = await listNodes(t.db, e.id);
    expect(root?.status).toBe("failed");
    expect(root?.error).toMatch(/the files of dataset "soon gone" are missing/);
  });

  it(
    "a job on the dataset carries its files to a real worker, which trains and scores on them",
    { timeout: 120_000 },
    async () => {
      registerRunner(new LocalRunner({ jobsDir, python: PYTHON, workerDir: WORKER_DIR, concurrency: 2, threads: 1 }));
      const e = await createExploration(
        t.db,
        {
          goal: "Classify film reviews by sentiment, maximise accuracy.",
          datasetId,
          budget: { rounds: 1, trainingRuns: 2, computeSeconds: 600, wallSeconds: 600, tokens: 0 },
        },
        { workspaceIds: ["lab"] },
      );
      const orchestrator = new Orchestrator(t.db, { tickMs: 60_000 });
      try {
        const deadline = Date.now() + 100_000;
        let root;
        for (;;) {
          await orchestrator.settle(e.id);
          root = (await listNodes(t.db, e.id)).find((n) => n.parentId === null);
          if (root?.status === "succeeded" || root?.status === "failed" || Date.now() > deadline) break;
          await new Promise((r) => setTimeout(r, 500));
        }
        expect(root?.error ?? null).toBeNull();
        expect(root?.status).toBe("succeeded");
        expect(root?.score).toEqual(expect.any(Number));
        expect(root?.testScore).toEqual(expect.any(Number));
        const job = await t.db.job.findFirstOrThrow({ where: { nodeId: root?.id } });
        const spec = JSON.parse(fs.readFileSync(path.join(job.workDir, "job.json"), "utf8")) as {
          task: { id: string; files: object };
        };
        expect(spec.task).toEqual({
          id: `dataset:${datasetId}`,
          seed: 0,
          files: { dir: "dataset", metric: "accuracy", splitSeed: 0 },
        });
        expect(fs.readFileSync(path.join(job.workDir, "dataset", "train.jsonl"), "utf8")).toBe(jsonl(reviews));
        expect(fs.readFileSync(path.join(job.workDir, "dataset", "test.csv"), "utf8")).toBe(testCsv);
      } finally {
        await orchestrator.stop();
        // its proposals may be training: they must not hold the runner's slots for the next test
        await stopExploration(t.db, e.id);
      }
    },
  );
});
