/**
 * "Try the model" end to end below the UI: a real local runner trains a tiny node, then the playground asks its
 * checkpoint and the base model (or the parent) through the same runner, with the real worker, and stores the
 * answers; bad requests get sentences and start nothing.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCaller } from "../api/root.ts";
import { LocalRunner } from "../runners/local/local-runner.ts";
import { registerRunner, unregisterRunner } from "./runner-registry.ts";
import type { JobRef } from "../runners/types.ts";
import { createAccessWorld, type AccessWorld } from "../testing/access-world.ts";
import { contextFor } from "../testing/test-auth.ts";
import { createTestDb, type TestDb } from "../testing/test-db.ts";
import { PYTHON, WORKER_DIR, tinyJob, uniquePrefix } from "../testing/tiny-job.ts";
import { askModel, generationSettled, listGenerations } from "./generation-service.ts";

const jobsDir = fs.mkdtempSync(path.join(os.tmpdir(), "trex-generation-"));
const runner = new LocalRunner({ jobsDir, python: PYTHON, workerDir: WORKER_DIR, concurrency: 1, threads: 1 });
let t: TestDb;
let w: AccessWorld;
let checkpoint: string;

async function trainTinyNode(): Promise<string> {
  const spec = tinyJob(uniquePrefix("trained"), { steps: 30, maxExamples: 10 });
  const sub = await runner.submit({
    ...spec,
    recipe: { operators: [{ op: "load", source: "task:train", limit: 400 }] },
  });
  const ref: JobRef = { jobId: spec.jobId, ...sub };
  for (let i = 0; i < 600; i++) {
    if ((await runner.status([ref])).get(spec.jobId) === "exited") break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const result = await runner.fetchResult(ref);
  if (result?.status !== "succeeded" || !result.checkpoint) throw new Error(`training failed: ${result?.error}`);
  return result.checkpoint;
}

beforeAll(async () => {
  registerRunner(runner);
  t = await createTestDb();
  w = await createAccessWorld(t.db, "playground");
  checkpoint = await trainTinyNode();
  const config = JSON.stringify({ ...(w.config as Record<string, unknown>), baseModel: "tiny-small" });
  await t.db.node.updateMany({ where: { id: { in: [w.rootId, w.succeededId] } }, data: { config } });
  await t.db.node.update({ where: { id: w.succeededId }, data: { checkpoint } });
}, 180_000);

afterAll(async () => {
  unregisterRunner("local");
  await t?.cleanup();
  fs.rmSync(jobsDir, { recursive: true, force: true });
});

const ask = (over: Partial<Parameters<typeof askModel>[1]> = {}) =>
  askModel(t.db, {
    nodeId: w.succeededId,
    prompt: "a lovely, moving film",
    compareWith: "base",
    maxNewTokens: 8,
    temperature: 0,
    askedById: w.reviewer.userId,
    ...over,
  });

describe("askModel", () => {
  it("answers from the node's checkpoint and the base model side by side, through the runner", async () => {
    const started = Date.now();
    const asked = await ask();
    expect(asked.status).toBe("running");
    expect(asked.workDir.startsWith(jobsDir)).toBe(true);
    await generationSettled(asked.id);
    const [done] = await listGenerations(t.db, w.succeededId);
    expect(done?.id).toBe(asked.id);
    expect(done?.status, done?.error ?? "").toBe("succeeded");
    const [node, base] = done?.answers ?? [];
    expect(node?.label).toBe("node");
    expect(base?.label).toBe("base");
    // 30 steps of mini-sst2 taught the node to answer with a label; the untrained preset says something else
    expect(["positive", "negative"]).toContain(node?.answers[0]);
    expect(base?.answers[0]).not.toBe(node?.answers[0]);
    expect(done?.wallSeconds).toBeGreaterThan(0);
    expect(done?.models.map((m) => m.title)).toEqual(["node #1", "base model tiny-small"]);
    const times = (done?.answers ?? []).map(
      (a) => `${a.label} load ${a.loadSeconds} s + generate ${a.generateSeconds} s`,
    );
    console.info(
      `generation job: ${done?.wallSeconds} s in the worker (${times.join(", ")}), ${(Date.now() - started) / 1000} s asked to stored`,
    );
  }, 120_000);

  it("records the worker's sentence when the checkpoint is gone", async () => {
    await t.db.node.update({ where: { id: w.rootId }, data: { checkpoint: "gone/checkpoint" } });
    const asked = await ask({ compareWith: "parent" });
    await generationSettled(asked.id);
    const [done] = await listGenerations(t.db, w.succeededId);
    expect(done?.status).toBe("failed");
    expect(done?.error).toMatch(/model parent: checkpoint gone\/checkpoint: no checkpoint there/);
  }, 120_000);

  it("refuses a node that cannot be asked, in sentences, without starting a job", async () => {
    const before = await t.db.generation.count();
    await expect(ask({ nodeId: w.pendingId })).rejects.toThrow(
      "Node #2 is awaiting_review: only a succeeded node can be asked.",
    );
    await t.db.node.update({ where: { id: w.rootId }, data: { checkpoint: null } });
    await expect(ask({ nodeId: w.rootId })).rejects.toThrow("Node #0 has no checkpoint to ask");
    await expect(ask({ compareWith: "parent" })).rejects.toThrow(
      "The parent #0 has no checkpoint to ask; compare with the base model instead.",
    );
    expect(await t.db.generation.count()).toBe(before);
  });
});

describe("generation jobs on a runner", () => {
  it("refuses a third while two run, and frees the place of one that ended while nobody watched", async () => {
    await t.db.node.update({ where: { id: w.succeededId }, data: { checkpoint } });
    // two live processes the local runner recognises as these jobs (their command line names the job id)
    const live = ["glive1", "glive2"].map((jobId) => ({ jobId, child: spawn("sh", ["-c", "sleep 60", jobId]) }));
    try {
      for (const { jobId, child } of live) {
        const row = await t.db.generation.create({
          data: {
            nodeId: w.succeededId,
            compareWith: "none",
            prompt: "held",
            maxNewTokens: 8,
            temperature: 0,
            status: "running",
            runnerName: "local",
            jobId,
            externalId: String(child.pid),
            workDir: path.join(jobsDir, jobId),
            models: "[]",
          },
        });
        expect(row.status).toBe("running");
      }
      await expect(ask()).rejects.toThrow(
        '2 generation jobs are already running on the runner "local"; ask again when one has answered.',
      );
      const [first] = live;
      first?.child.kill("SIGKILL");
      await new Promise((r) => first?.child.once("exit", r));
      const asked = await ask({ compareWith: "none" });
      const ended = await t.db.generation.findUniqueOrThrow({ where: { jobId: "glive1" } });
      expect(ended.status).toBe("failed");
      expect(ended.error).toMatch(/the worker ended without a result/);
      await generationSettled(asked.id);
      expect((await t.db.generation.findUniqueOrThrow({ where: { id: asked.id } })).status).toBe("succeeded");
    } finally {
      for (const { child } of live) child.kill("SIGKILL");
    }
  }, 120_000);
});

describe("playground.ask", () => {
  it("says what is wrong with an empty or over-long prompt", async () => {
    const api = createCaller(await contextFor(t.db, w.reviewer));
    const message = async (prompt: string) => {
      try {
        await api.playground.ask({ nodeId: w.succeededId, prompt });
      } catch (e) {
        return e instanceof TRPCError ? `${e.code}: ${e.message}` : String(e);
      }
      return "answered";
    };
    expect(await message("   ")).toMatch(/^BAD_REQUEST: .*Write a prompt first: it is empty\./);
    expect(await message("x".repeat(4001))).toMatch(/^BAD_REQUEST: .*A prompt is at most 4000 characters\./);
    const viewer = createCaller(await contextFor(t.db, w.viewer));
    await expect(viewer.playground.ask({ nodeId: w.succeededId, prompt: "hi" })).rejects.toThrow(/reviewer role/);
    expect((await viewer.playground.list({ nodeId: w.succeededId })).length).toBeGreaterThan(0);
  });
});
