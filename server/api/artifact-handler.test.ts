/**
 * Artifact downloads over HTTP on a real job folder: only members of the job's workspace get files, only files
 * the folder holds (no traversal, no symlink out), streamed with a safe download name.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "../auth/api-tokens.ts";
import { createTestDb, type TestDb } from "../testing/test-db.ts";
import { createTestUser } from "../testing/test-auth.ts";
import { createExploration } from "../services/exploration-service.ts";
import { listNodes } from "../repositories/node-repository.ts";
import { insertJob } from "../repositories/job-repository.ts";
import { listNodeArtifacts } from "../services/artifact-service.ts";
import { checkArtifactPath, listJobArtifacts, readJobArtifact } from "../runners/job-artifacts.ts";
import { LocalCommandHost } from "../runners/host/command-host.ts";
import { handleArtifactRequest } from "./artifact-handler.ts";

let t: TestDb;
let workDir: string;
let outside: string;
let memberToken: string;
let strangerToken: string;
let nodeId: string;

const get = (jobId: string, rel: string, token?: string) =>
  handleArtifactRequest(
    new Request(`http://localhost/api/artifacts/${jobId}/${rel}`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    }),
    jobId,
    rel.split("/"),
    t.db,
  );

beforeAll(async () => {
  t = await createTestDb();
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), "trex-artifacts-"));
  outside = fs.mkdtempSync(path.join(os.tmpdir(), "trex-outside-"));
  fs.mkdirSync(path.join(workDir, "checkpoint"));
  fs.writeFileSync(path.join(workDir, "result.json"), '{"status":"succeeded"}');
  fs.writeFileSync(path.join(workDir, "checkpoint", "model.pt"), Buffer.alloc(9 * 1024 * 1024 + 7, 7)); // spans chunks
  fs.writeFileSync(path.join(workDir, "name with 'quotes' $(x).txt"), "odd");
  fs.writeFileSync(path.join(outside, "secret.txt"), "do not serve");
  fs.symlinkSync(path.join(outside, "secret.txt"), path.join(workDir, "link.txt"));

  const member = await createTestUser(t.db, { role: "viewer", workspaceId: "team-a" });
  const stranger = await createTestUser(t.db, { role: "admin", workspaceId: "team-b" });
  memberToken = (await createApiToken(t.db, member.userId, "cli", ["read"])).token;
  strangerToken = (await createApiToken(t.db, stranger.userId, "cli", ["read"])).token;
  const e = await createExploration(
    t.db,
    { goal: "Classify reviews by sentiment.", taskId: "mini-sst2" },
    { workspaceIds: ["team-a"] },
  );
  nodeId = (await listNodes(t.db, e.id))[0]?.id ?? "";
  await insertJob(t.db, { id: "jart", nodeId, runnerName: "local", workDir, attempt: 1 });
});

afterAll(async () => {
  await t.cleanup();
  fs.rmSync(workDir, { recursive: true, force: true });
  fs.rmSync(outside, { recursive: true, force: true });
});

describe("job artifacts", () => {
  it("lists regular files of the job folder only: a symlink out of it is not listed", async () => {
    const files = await listJobArtifacts(new LocalCommandHost(), workDir);
    expect(files.map((f) => f.path)).toEqual(["checkpoint/model.pt", "name with 'quotes' $(x).txt", "result.json"]);
    expect(files.find((f) => f.path === "checkpoint/model.pt")?.bytes).toBe(9 * 1024 * 1024 + 7);
    expect((await listNodeArtifacts(t.db, nodeId)).files).toHaveLength(3);
  });

  it("refuses paths that could leave the folder", () => {
    for (const bad of ["../secret.txt", "/etc/passwd", "checkpoint/../../x", "a//b", "./result.json", "", "x\0y"]) {
      expect(() => checkArtifactPath(bad), bad).toThrow(/not a file of this job/);
    }
    expect(checkArtifactPath("checkpoint/model.pt")).toBe("checkpoint/model.pt");
  });

  it("reads a large file in chunks, byte for byte", async () => {
    let total = 0;
    let chunks = 0;
    for await (const c of readJobArtifact(new LocalCommandHost(), workDir, "checkpoint/model.pt", 4 * 1024 * 1024)) {
      total += c.length;
      chunks++;
      expect(c.every((b) => b === 7)).toBe(true);
    }
    expect([total, chunks]).toEqual([9 * 1024 * 1024 + 7, 3]);
  });

  it("serves a member the file as an attachment with a safe name", async () => {
    const res = await get("jart", "checkpoint/model.pt", memberToken);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="jart-checkpoint_model.pt"');
    expect(res.headers.get("content-type")).toBe("application/octet-stream");
    expect((await res.arrayBuffer()).byteLength).toBe(9 * 1024 * 1024 + 7);
    const odd = await get("jart", "name with 'quotes' $(x).txt", memberToken);
    expect(odd.headers.get("content-disposition")).toBe('attachment; filename="jart-name_with__quotes____x_.txt"');
    expect(await odd.text()).toBe("odd");
  });

  it("gives anonymous callers 401, strangers and unknown or escaping paths the same 404", async () => {
    expect((await get("jart", "result.json")).status).toBe(401);
    expect((await get("jart", "result.json", strangerToken)).status).toBe(404);
    expect((await get("jart", "../trex-outside/secret.txt", memberToken)).status).toBe(404);
    expect((await get("jart", "link.txt", memberToken)).status).toBe(404);
    expect((await get("jart", "missing.bin", memberToken)).status).toBe(404);
    expect((await get("jnope", "result.json", memberToken)).status).toBe(404);
  });
});
