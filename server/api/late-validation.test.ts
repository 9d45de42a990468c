/**
 * What the worker would refuse after a job is spent is refused at the API, with the worker's rules and in a
 * sentence: load sources outside the job folder, a checkpoint named by hand, broken templates, and NUL or
 * bidirectional override characters in names.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DatasetStore } from "../datasets/dataset-store.ts";
import { setDatasetStore } from "../services/dataset-service.ts";
import { createAccessWorld, type AccessWorld } from "../testing/access-world.ts";
import { contextFor, createTestUser } from "../testing/test-auth.ts";
import { createTestDb, type TestDb } from "../testing/test-db.ts";
import { createCaller } from "./root.ts";

let t: TestDb;
let w: AccessWorld;
let api: ReturnType<typeof createCaller>;
let storeDir: string;

beforeAll(async () => {
  t = await createTestDb();
  storeDir = fs.mkdtempSync(path.join(os.tmpdir(), "trex-late-validation-"));
  setDatasetStore(new DatasetStore(storeDir));
  w = await createAccessWorld(t.db, "lab");
});
// a reviewer of their own per test: the requests of one would run into the rate limit on costly calls
beforeEach(async () => {
  api = createCaller(
    await contextFor(t.db, await createTestUser(t.db, { role: "reviewer", workspaceId: w.workspaceId })),
  );
});
afterAll(async () => {
  await t.cleanup();
  fs.rmSync(storeDir, { recursive: true, force: true });
});

async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "accepted";
  } catch (e) {
    if (!(e instanceof TRPCError)) throw e;
    expect(e.code).toBe("BAD_REQUEST");
    return e.message;
  }
}

const child = (recipe: unknown, config: unknown = w.config, title = "Another experiment") =>
  api.node.addChild({ parentId: w.succeededId, title, recipe: recipe as never, config: config as never });
const load = (source: string) => ({ operators: [{ op: "load", source }] });
const template = (text: string) => ({
  operators: [
    { op: "load", source: "task:train" },
    { op: "template", template: text },
  ],
});

describe("late validation at the API", () => {
  it("refuses load sources outside the job folder and the test split, in a sentence naming the field", async () => {
    const nodesBefore = await t.db.node.count();
    expect(await refusal(child(load("/etc/passwd")))).toMatch(
      /^recipe\.operators\.0\.source: \/etc\/passwd is outside the job folder/,
    );
    expect(await refusal(child(load("../j123/data.jsonl")))).toMatch(/is outside the job folder/);
    expect(await refusal(child(load("data/../../x.jsonl")))).toMatch(/is outside the job folder/);
    expect(await refusal(child(load("task:test")))).toMatch(/test split never reaches training/);
    expect(await refusal(child(load("extra\u0000.jsonl")))).toMatch(/NUL bytes or bidirectional/);
    expect(await t.db.node.count()).toBe(nodesBefore);
    expect(await refusal(child(load("extra/reviews.jsonl")))).toBe("accepted");
  });

  it("refuses a checkpoint named by hand (absolute or another job's): warm starts use the parent's", async () => {
    const config = w.config as Record<string, unknown>;
    for (const initFrom of ["/var/lib/trex/jobs/j1/checkpoint", "j0123456789/checkpoint"]) {
      expect(await refusal(child(load("task:train"), { ...config, initFrom }))).toMatch(
        /^config\.initFrom: a checkpoint cannot be named by hand/,
      );
      expect(await refusal(api.node.edit({ id: w.pendingId, config: { ...config, initFrom } as never }))).toMatch(
        /config\.initFrom/,
      );
    }
  });

  it("refuses a base model the worker could not load, and takes catalogue ids, Hub ids and folders", async () => {
    const config = w.config as Record<string, unknown>;
    for (const baseModel of ["gpt-17", "../models/x", "relative/../x/y", "owner/..", "/models/../etc"]) {
      expect(await refusal(child(load("task:train"), { ...config, baseModel }))).toMatch(
        /^config\.baseModel: ".*" is not a known base model/,
      );
      expect(await refusal(api.node.edit({ id: w.pendingId, config: { ...config, baseModel } as never }))).toMatch(
        /is not a known base model/,
      );
    }
    for (const baseModel of ["tiny-small", "qwen3-1.7b", "Qwen/Qwen3-1.7B", "/models/my-qwen"])
      expect(await refusal(child(load("task:train"), { ...config, baseModel }))).toBe("accepted");
  });

  it("refuses templates the worker cannot apply, and takes the ones it can", async () => {
    expect(await refusal(child(template("Review: {input")))).toMatch(/never closes/);
    expect(await refusal(child(template("Review: {input}\nLabel: {label}")))).toMatch(
      /may only use \{input\}, not \{label\}/,
    );
    expect(await refusal(child(template("a } b {input}")))).toMatch(/single \}/);
    expect(await refusal(child(template("{input:d}")))).toMatch(/not a format for text/);
    expect(await refusal(child(template("{input!x}")))).toMatch(/conversion/);
    for (const ok of ["Review: {input}\nLabel:", "{{json}} {input!r:>20}", "{input:.200}"])
      expect(await refusal(child(template(ok)))).toBe("accepted");
  });

  it("refuses NUL bytes and bidirectional overrides in names, everywhere a name is given", async () => {
    for (const bad of ["evil\u202Etxt.exe", "nul\u0000name", "iso\u2066late"]) {
      expect(await refusal(child(load("task:train"), w.config, bad))).toMatch(
        /^title: A title may not contain NUL bytes or bidirectional override characters/,
      );
      expect(await refusal(api.node.edit({ id: w.pendingId, title: bad }))).toMatch(/A title may not/);
      expect(
        await refusal(
          api.exploration.create({
            title: bad,
            goal: "Classify reviews by sentiment, maximise accuracy.",
            taskId: "mini-sst2",
          }),
        ),
      ).toMatch(/A title may not/);
      expect(
        await refusal(
          createCaller(await contextFor(t.db, w.admin)).account.createToken({ name: bad, scopes: ["read"] }),
        ),
      ).toMatch(/A name may not/);
    }
  });

  it("says what is wrong in sentences, not a dump of validator issues", async () => {
    const message = await refusal(api.node.edit({ id: w.pendingId, title: "", version: -1, extra: true } as never));
    expect(message).not.toMatch(/^\s*[[{]/);
    expect(message).not.toContain('"code"');
    expect(message).toMatch(/Unknown field "extra": this call does not take it/);
    expect(message).toMatch(/\.$/);
  });
});
