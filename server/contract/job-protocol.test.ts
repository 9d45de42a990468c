import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { baseModels } from "./base-models.ts";
import { parseEventLines } from "../runners/event-lines.ts";
import { jobResultSchema, jobSpecSchema, workerSchemas } from "./job-protocol.ts";
import { workerNames } from "./task-names.ts";

const spec = {
  version: 1,
  jobId: "j1",
  nodeId: "n1",
  task: { id: "mini-sst2" },
  recipe: { operators: [{ op: "load", source: "task:train", limit: 100 }] },
  training: { steps: 10, batchSize: 8, learningRate: 0.001 },
  evaluation: {},
};

describe("job protocol", () => {
  it("fills defaults and accepts a minimal job", () => {
    const parsed = jobSpecSchema.parse(spec);
    expect(parsed.training).toMatchObject({
      backend: "hf",
      baseModel: "tiny-base",
      method: "full",
      gradientAccumulation: 1,
      schedule: "cosine",
    });
    expect(jobSpecSchema.safeParse({ ...spec, training: { ...spec.training, backend: "tiny" } }).success).toBe(false);
    expect(parsed.evaluation.splits).toEqual(["validation", "test"]);
  });
  it("refuses an unknown version, an empty recipe and out-of-range values", () => {
    expect(jobSpecSchema.safeParse({ ...spec, version: 2 }).success).toBe(false);
    expect(jobSpecSchema.safeParse({ ...spec, recipe: { operators: [] } }).success).toBe(false);
    expect(jobSpecSchema.safeParse({ ...spec, training: { ...spec.training, learningRate: -1 } }).success).toBe(false);
    expect(jobSpecSchema.safeParse({ ...spec, recipe: { operators: [{ op: "rm -rf" }] } }).success).toBe(false);
  });
  it("accepts an optional task.files dataset and checks its fields", () => {
    const files = { dir: "data", metric: "macro_f1", labels: ["a", "b"], splitSeed: 3 } as const;
    const parsed = jobSpecSchema.parse({ ...spec, task: { id: "custom:reviews", files } });
    expect(parsed.task).toEqual({ id: "custom:reviews", seed: 0, files });
    expect(jobSpecSchema.parse(spec).task.files).toBeUndefined();
    const task = (f: object) => jobSpecSchema.safeParse({ ...spec, task: { id: "ftbench:sst-2", files: f } }).success;
    expect(task({ dir: "data", metric: "accuracy" })).toBe(true);
    expect(task({ dir: "data", metric: "bleu" })).toBe(false);
    expect(task({ dir: "", metric: "accuracy" })).toBe(false);
    expect(task({ dir: "data", metric: "accuracy", labels: [] })).toBe(false);
    expect(task({ dir: "data", metric: "accuracy", splitSeed: 0.5 })).toBe(false);
    expect(
      jobSpecSchema.safeParse({ ...spec, task: { id: "x".repeat(101), files: { dir: "d", metric: "rouge1" } } })
        .success,
    ).toBe(false);
  });
  it("accepts a failed result with an error and no metrics", () => {
    const r = jobResultSchema.parse({
      version: 1,
      jobId: "j1",
      status: "failed",
      error: "boom",
      cost: { cpuSeconds: 0, gpuSeconds: 0, wallSeconds: 0 },
    });
    expect(r.metrics).toEqual({});
  });
  it("keeps the worker's JSON Schemas in sync with the zod owner (run npm run protocol:schema)", () => {
    const dir = path.join(process.cwd(), "worker", "trex_worker", "schemas");
    for (const [name, schema] of Object.entries(workerSchemas)) {
      const committed = JSON.parse(fs.readFileSync(path.join(dir, `${name}.schema.json`), "utf8")) as unknown;
      expect(committed, `${name}.schema.json is stale`).toEqual(
        z.toJSONSchema(schema, { io: "input", target: "draft-2020-12" }),
      );
    }
    const catalogue = JSON.parse(fs.readFileSync(path.join(dir, "base-models.json"), "utf8")) as unknown;
    expect(catalogue, "base-models.json is stale").toEqual(JSON.parse(JSON.stringify(baseModels)));
    const names = JSON.parse(fs.readFileSync(path.join(dir, "names.json"), "utf8")) as unknown;
    expect(names, "names.json is stale").toEqual(JSON.parse(JSON.stringify(workerNames)));
  });
});

describe("events.jsonl parsing", () => {
  it("parses complete lines, skips corrupt ones, and leaves a half-written line for later", () => {
    const text =
      '{"type":"heartbeat","t":1}\nnot json\n{"type":"progress","t":2,"step":1,"totalSteps":10,"loss":0.5,"lr":0.001,"tokensPerSecond":5}\n{"type":"heart';
    const { events, offset } = parseEventLines(text, 100);
    expect(events.map((e) => e.type)).toEqual(["heartbeat", "progress"]);
    expect(offset).toBe(100 + text.lastIndexOf("\n") + 1);
  });
  it("counts bytes, not characters, so offsets stay right with non-ASCII logs", () => {
    const line = '{"type":"log","t":1,"level":"info","message":"données ✓"}\n';
    expect(parseEventLines(line, 0).offset).toBe(Buffer.byteLength(line));
  });
});
