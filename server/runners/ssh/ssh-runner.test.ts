/**
 * The SSH runner against a real OpenSSH server on 127.0.0.1 (started here, stopped by PID): the shared
 * contract with a hostile remote folder name, a connection dropped mid-job, and the errors a user meets.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contractFileJob, describeRunnerContract } from "../contract/runner-contract.ts";
import { sshHostFor } from "../create-runner.ts";
import { sshConnectionSchema } from "../runner-config.ts";
import type { JobRef } from "../types.ts";
import { CountingHost } from "../../testing/counting-host.ts";
import { HOSTILE, HOSTILE_MARKER } from "../../testing/hostile-values.ts";
import { makeTempDir, sleep, startDaemon, waitUntil } from "../../testing/daemon-process.ts";
import { startSshServer, type SshServer } from "../../testing/sshd-server.ts";
import { PYTHON, WORKER_DIR, longJob, tinyJob, uniquePrefix } from "../../testing/tiny-job.ts";
import type { SshConnection } from "./ssh-connection.ts";
import { SshRunner } from "./ssh-runner.ts";

let server: SshServer;
let base: string;
let runner: SshRunner;
let counting: CountingHost;
let connection: SshConnection;
let mainConnection: SshConnection;
let mainCounting: CountingHost;
let recorded: string | null = null;
const marker = `/tmp/trex-pwned-${process.pid}`;
// every character a shell would act on, in the folder every job path goes through
const hostileName = `jobs dir 'q' "dq" $(touch ${marker}) \`touch ${marker}\` ;x & |y *`;

function settings(extra: Record<string, unknown> = {}) {
  return sshConnectionSchema.parse({
    host: server.host,
    port: server.port,
    user: server.user,
    privateKey: server.privateKey,
    ...extra,
  });
}

function makeRunner(connectionSettings = settings(), remoteDir = path.join(base, hostileName)) {
  const parts = sshHostFor(connectionSettings, (text) => {
    recorded = text;
  });
  counting = new CountingHost(parts.host);
  connection = parts.connection;
  return new SshRunner({
    host: counting,
    connection,
    remoteDir,
    python: PYTHON,
    localWorkerDir: WORKER_DIR,
    concurrency: 4,
    threads: 1,
  });
}

beforeAll(async () => {
  server = await startSshServer();
  base = makeTempDir("trex-ssh-remote-");
  runner = makeRunner();
  mainConnection = connection;
  mainCounting = counting;
});

afterAll(async () => {
  await runner?.close();
  await server?.stop();
  if (base) fs.rmSync(base, { recursive: true, force: true });
});

describeRunnerContract("ssh", () => ({
  runner,
  prefix: uniquePrefix("ssh"),
  shortJob: (id) => tinyJob(id),
  longJob,
  pollMs: 300,
  timeoutMs: 90_000,
  statusQueries: () => mainCounting.count(),
}));

describe("ssh runner against a real sshd", () => {
  it("uploads a carried file known by its sha256 once per host and links it into every job that carries it", async () => {
    const data = Buffer.from(
      Array.from(
        { length: 30 },
        (_, i) => `${JSON.stringify({ input: `cache check ${process.pid} row ${i}`, output: i % 2 ? "a" : "b" })}\n`,
      ).join(""),
    );
    const sha256 = createHash("sha256").update(data).digest("hex");
    const prefix = uniquePrefix("ssh-cache");
    const refs: JobRef[] = [];
    try {
      for (const id of ["a", "b"]) {
        const spec = contractFileJob(tinyJob(`${prefix}-${id}`, { steps: 1, maxExamples: 5 }));
        const { externalId, workDir } = await runner.submit(spec, [{ path: "dataset/train.jsonl", data, sha256 }]);
        refs.push({ jobId: spec.jobId, externalId, workDir });
      }
      expect(counting.writes.filter((w) => w.includes(sha256))).toHaveLength(1);
      for (const ref of refs)
        expect((await counting.readFile(path.posix.join(ref.workDir, "dataset", "train.jsonl")))?.equals(data)).toBe(
          true,
        );
      // linked, not copied: one inode in the cache and both job folders
      const [first, second] = refs.map((r) => fs.statSync(path.join(r.workDir, "dataset", "train.jsonl")).ino);
      expect(first).toBe(second);
    } finally {
      for (const ref of refs) await runner.cancel(ref).catch(() => undefined);
    }
  });

  it("kept hostile characters in the remote folder as data: no command ran", () => {
    expect(fs.existsSync(marker)).toBe(false);
    const dirs = fs.readdirSync(path.join(base, hostileName));
    expect(dirs.some((d) => d.startsWith("ssh-"))).toBe(true);
  });

  it("passes hostile values over SSH as data: arguments, environment and SFTP file names", async () => {
    const args = await mainCounting.exec(["printf", "%s\\0", ...HOSTILE]);
    expect(args.stdout.split("\0").slice(0, -1)).toEqual(HOSTILE);
    const env = await mainCounting.exec(["sh", "-c", 'printf %s "$TREX_HOSTILE"'], {
      env: { TREX_HOSTILE: HOSTILE.join("|") },
    });
    expect(env.stdout).toBe(HOSTILE.join("|"));
    const name = path.join(base, "file 'q' $(x) ;\nz");
    await mainCounting.writeFile(name, "data");
    expect(fs.readFileSync(name, "utf8")).toBe("data");
    expect((await mainCounting.readFile(name))?.toString()).toBe("data");
    expect(fs.existsSync(HOSTILE_MARKER)).toBe(false);
  });

  it("runs many commands at once on one connection within sshd's session limit (MaxSessions 10)", async () => {
    const outs = await Promise.all(
      Array.from({ length: 15 }, (_, i) => mainCounting.exec(["echo", String(i)], { idempotent: true })),
    );
    expect(outs.map((o) => o.stdout.trim())).toEqual(Array.from({ length: 15 }, (_, i) => String(i)));
  });

  it("trusted the host key on first use, recorded the known_hosts line and reports it", async () => {
    const report = await runner.check();
    expect(report.ok).toBe(true);
    expect(report.selfcheck?.tasks).toContain("mini-sst2");
    expect(report.hostKey?.firstUse).toBe(true);
    expect(report.hostKey?.fingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    expect(recorded?.trim()).toBe(server.knownHostsLine);
  });

  it("finishes a job whose SSH connection was dropped twice, and streams its events without gaps", async () => {
    const spec = tinyJob(uniquePrefix("drop"), { steps: 40 });
    const { externalId, workDir } = await runner.submit(spec);
    const ref: JobRef = { jobId: spec.jobId, externalId, workDir };
    let offset = 0;
    const seen: string[] = [];
    const reconnectsBefore = mainConnection.reconnects;
    let drops = 0;
    const deadline = Date.now() + 90_000;
    for (let tick = 0; ; tick++) {
      // the server kills its session processes (the worker lives in its own session and survives) …
      if (tick === 1) drops += server.dropConnections() > 0 ? 1 : 0;
      // … and later our own socket dies, as on a network failure
      if (tick === 3) {
        mainConnection.destroy();
        drops++;
      }
      const state = (await runner.status([ref])).get(ref.jobId);
      const chunk = await runner.readEvents(ref, offset);
      seen.push(...chunk.events.map((e) => e.type));
      offset = chunk.offset;
      if (state === "exited" && tick >= 3) break;
      if (Date.now() > deadline) throw new Error("the job did not finish");
      await sleep(400);
    }
    const rest = await runner.readEvents(ref, offset);
    seen.push(...rest.events.map((e) => e.type));
    offset = rest.offset;
    expect(drops).toBe(2);
    expect(mainConnection.reconnects - reconnectsBefore).toBeGreaterThanOrEqual(2);
    const all = await runner.readEvents(ref, 0);
    expect(all.events.map((e) => e.type)).toEqual(seen);
    expect(all.offset).toBe(offset);
    expect((await runner.fetchResult(ref))?.status).toBe("succeeded");
  }, 150_000);

  it("refuses a wrong key with a clear error and leaves nothing behind", async () => {
    const root = makeTempDir("trex-ssh-wrongkey-");
    const bad = makeRunner(settings({ privateKey: server.wrongPrivateKey, knownHosts: server.knownHostsLine }), root);
    await expect(bad.submit(tinyJob("wrong-key"))).rejects.toThrow(
      /SSH authentication failed for .*the server refused the private key/,
    );
    expect(fs.readdirSync(root)).toEqual([]);
    await bad.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it("authenticates through an ssh-agent socket instead of a stored key", async () => {
    const dir = makeTempDir("trex-ssh-agent-");
    const sock = path.join(dir, "agent.sock");
    const agent = await startDaemon("ssh-agent", "ssh-agent", ["-D", "-a", sock], path.join(dir, "agent.log"));
    try {
      await waitUntil("the agent socket", async () => (fs.existsSync(sock) ? true : null), 10_000);
      const keyFile = path.join(dir, "id");
      fs.writeFileSync(keyFile, server.privateKey, { mode: 0o600 });
      execFileSync("ssh-add", ["-q", keyFile], { env: { ...process.env, SSH_AUTH_SOCK: sock } });
      const viaAgent = makeRunner(
        settings({ privateKey: undefined, agentSocket: sock, knownHosts: server.knownHostsLine }),
      );
      expect((await viaAgent.host.exec(["id", "-un"])).stdout.trim()).toBe(server.user);
      await viaAgent.close();
    } finally {
      await agent.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("reports an unreachable host and a refused port clearly", async () => {
    const refused = makeRunner(settings({ port: 1 }));
    await expect(refused.submit(tinyJob("refused"))).rejects.toThrow(/cannot connect to .*:1: connection refused/);
    const unknown = makeRunner(settings({ host: "no-such-host.invalid", connectTimeoutMs: 5000 }));
    await expect(unknown.status([{ jobId: "x", externalId: "1", workDir: "/tmp/x" }])).rejects.toThrow(
      /cannot connect to .*no-such-host\.invalid.*(unknown host name|timed out)/,
    );
  });

  it("refuses a changed host key and, in strict mode, an unknown one", async () => {
    const changed = makeRunner(settings({ knownHosts: server.otherHostKeyLine }));
    await expect(changed.host.exec(["true"])).rejects.toThrow(/host key verification failed .*HOST KEY MISMATCH/);
    const strict = makeRunner(settings({ hostKeyPolicy: "strict" }));
    await expect(strict.host.exec(["true"])).rejects.toThrow(/not in known_hosts \(strict host-key checking\)/);
    const known = makeRunner(
      settings({ hostKeyPolicy: "strict", knownHosts: `# comment\n${server.knownHostsLine}\n` }),
    );
    expect((await known.host.exec(["true"])).code).toBe(0);
    expect(connection.lastHostKey).toMatchObject({ firstUse: false, line: server.knownHostsLine });
    await known.close();
  });

  it("fails a launch whose python does not exist with the host's words, and removes the job folder", async () => {
    const root = makeTempDir("trex-ssh-nopython-");
    const { host, connection } = sshHostFor(settings({ knownHosts: server.knownHostsLine }));
    const bad = new SshRunner({
      host,
      connection,
      remoteDir: root,
      remoteWorkerDir: WORKER_DIR,
      python: "/nonexistent/python3",
      localWorkerDir: WORKER_DIR,
      concurrency: 1,
      threads: 1,
    });
    await expect(bad.submit(tinyJob("no-python"))).rejects.toThrow(
      /python not found on the host: \/nonexistent\/python3/,
    );
    expect(fs.readdirSync(root)).toEqual([]);
    await bad.close();
    fs.rmSync(root, { recursive: true, force: true });
  });
});
