/**
 * Runner settings end to end on a real database and a real sshd on 127.0.0.1: secrets encrypted at rest and
 * never returned, the self-check over SSH with the host key recorded on first use, edits that keep secrets,
 * removal refused while jobs run, and jobs of a removed runner marked lost with a reason.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../testing/test-db.ts";
import { startSshServer, type SshServer } from "../testing/sshd-server.ts";
import { makeTempDir } from "../testing/daemon-process.ts";
import { PYTHON } from "../testing/tiny-job.ts";
import { absorbJobs } from "./absorption-service.ts";
import { insertJob } from "../repositories/job-repository.ts";
import { listNodes } from "../repositories/node-repository.ts";
import { getRunner } from "./runner-registry.ts";
import { createExploration } from "./exploration-service.ts";
import { addRunner, editRunner, listRunners, removeRunner, testRunner } from "./runner-settings-service.ts";
import { ConflictError, InvalidInputError } from "../domain/errors.ts";

let t: TestDb;
let server: SshServer;
let remote: string;

const sshConfig = (extra: Record<string, unknown> = {}) => ({
  kind: "ssh",
  ssh: { host: server.host, port: server.port, user: server.user, privateKey: server.privateKey },
  remoteDir: path.join(remote, "jobs"),
  python: PYTHON,
  concurrency: 2,
  ...extra,
});

beforeAll(async () => {
  t = await createTestDb();
  server = await startSshServer();
  remote = makeTempDir("trex-runner-settings-");
});

afterAll(async () => {
  await server?.stop();
  await t?.cleanup();
  if (remote) fs.rmSync(remote, { recursive: true, force: true });
});

describe("runner settings", () => {
  it("stores the private key encrypted and never returns it", async () => {
    const view = await addRunner(t.db, { name: "gpu-box", config: sshConfig() });
    expect(view).toMatchObject({ name: "gpu-box", kind: "ssh", hasSecret: true, concurrency: 2, builtin: false });
    const row = await t.db.runnerConfig.findUniqueOrThrow({ where: { name: "gpu-box" } });
    const keyBody = server.privateKey.split("\n")[1] ?? "";
    expect(keyBody.length).toBeGreaterThan(20);
    expect(row.settings).not.toContain(keyBody);
    expect(row.secretEncrypted).toMatch(/^v1:/);
    expect(row.secretEncrypted).not.toContain(keyBody);
    const listed = JSON.stringify(await listRunners(t.db));
    expect(listed).not.toContain(keyBody);
    expect(listed).not.toContain("privateKey");
    expect((await listRunners(t.db)).map((r) => r.name)).toEqual(["local", "gpu-box"]);
  });

  it("rejects bad settings with a message naming the field, and duplicate or reserved names", async () => {
    await expect(
      addRunner(t.db, { name: "bad", config: { ...sshConfig(), ssh: { ...sshConfig().ssh, host: "a;rm -rf /" } } }),
    ).rejects.toThrow(/ssh\.host: must be a host name/);
    await expect(addRunner(t.db, { name: "gpu-box", config: sshConfig() })).rejects.toBeInstanceOf(ConflictError);
    await expect(addRunner(t.db, { name: "local", config: sshConfig() })).rejects.toThrow(/built-in/);
    await expect(addRunner(t.db, { name: "two words", config: sshConfig() })).rejects.toBeInstanceOf(InvalidInputError);
    expect(await t.db.runnerConfig.count()).toBe(1);
  });

  it("tests the runner over SSH: the worker's self-check runs and the host key is recorded on first use", async () => {
    const check = await testRunner(t.db, "gpu-box");
    expect(check.message).toMatch(/self-check passed/);
    expect(check.ok).toBe(true);
    expect(check.selfcheck?.tasks).toContain("mini-sst2");
    expect(check.hostKey?.firstUse).toBe(true);
    const row = await t.db.runnerConfig.findUniqueOrThrow({ where: { name: "gpu-box" } });
    expect((JSON.parse(row.settings) as { ssh: { knownHosts: string } }).ssh.knownHosts.trim()).toBe(
      server.knownHostsLine,
    );
    expect(JSON.parse(row.lastCheck ?? "{}")).toMatchObject({ ok: true });
  }, 120_000);

  it("edits without resending the key keep the stored secret; the self-check still passes with the recorded host key", async () => {
    const [, gpu] = await listRunners(t.db);
    const settings = gpu?.settings as { ssh: Record<string, unknown> };
    const view = await editRunner(t.db, gpu?.id ?? "", {
      config: { ...settings, concurrency: 3, ssh: { ...settings.ssh, privateKey: "" } },
    });
    expect(view).toMatchObject({ concurrency: 3, hasSecret: true, lastCheck: null });
    const check = await testRunner(t.db, "gpu-box");
    expect(check.ok).toBe(true);
    expect(check.hostKey?.firstUse).toBe(false);
  }, 120_000);

  it("reports a wrong key as a failed check with a clear message, not an exception", async () => {
    await addRunner(t.db, {
      name: "wrong-key",
      config: { ...sshConfig(), ssh: { ...sshConfig().ssh, privateKey: server.wrongPrivateKey } },
    });
    const check = await testRunner(t.db, "wrong-key");
    expect(check.ok).toBe(false);
    expect(check.message).toMatch(/auth|key|denied/i);
  }, 60_000);

  it("runs an exploration on a configured runner, refuses unknown ones, and refuses removal while jobs run", async () => {
    await expect(
      createExploration(t.db, { goal: "Classify sentiment of reviews.", taskId: "mini-sst2", runner: "nowhere" }),
    ).rejects.toThrow(/no runner called "nowhere"/);
    const e = await createExploration(t.db, {
      goal: "Classify sentiment of reviews.",
      taskId: "mini-sst2",
      runner: "wrong-key",
    });
    expect(e.runnerName).toBe("wrong-key");
    const [root] = await listNodes(t.db, e.id);
    await insertJob(t.db, {
      id: "jactive",
      nodeId: root?.id ?? "",
      runnerName: "wrong-key",
      workDir: "/nowhere",
      attempt: 1,
    });
    const id = (await listRunners(t.db)).find((r) => r.name === "wrong-key")?.id ?? "";
    await expect(removeRunner(t.db, id)).rejects.toThrow(/1 job is running on "wrong-key"/);

    // the job's runner disappears behind the service's back (a restored backup, a manual delete): the job is lost, with a reason
    await t.db.runnerConfig.delete({ where: { id } });
    await expect(getRunner(t.db, "wrong-key")).rejects.toThrow(/not configured/);
    expect(await absorbJobs(t.db, e.id, () => new Date())).toBe(1);
    const job = await t.db.job.findUniqueOrThrow({ where: { id: "jactive" } });
    expect(job.status).toBe("lost");
    expect(job.error).toMatch(/not configured on this server; retry the node on another runner/);
  });

  it("removes an idle runner", async () => {
    const gpu = (await listRunners(t.db)).find((r) => r.name === "gpu-box");
    await removeRunner(t.db, gpu?.id ?? "");
    expect((await listRunners(t.db)).map((r) => r.name)).toEqual(["local"]);
  });
});
