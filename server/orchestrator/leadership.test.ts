/**
 * The orchestrator lease on a real PostgreSQL: one leader at a time; kill -9 the leading process and a standby
 * leads within seconds; a leader that stops hands over.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { leaseHolderPid, startTeamPostgres, type TeamPostgres } from "../testing/team-postgres.ts";
import { waitUntil } from "../testing/daemon-process.ts";
import { holdOrchestratorLease, ORCHESTRATOR_LOCK_KEY, type Lease } from "./leadership.ts";

let pgServer: TeamPostgres;
const children: ChildProcess[] = [];
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "trex-lease-"));

/** the headless orchestrator (server/orchestrator/standalone.ts) as its own process; its output collected */
function startStandalone(): { child: ChildProcess; output: () => string } {
  let out = "";
  const child = spawn(process.execPath, ["--import", "tsx", path.join("server", "orchestrator", "standalone.ts")], {
    env: { ...process.env, DATABASE_URL: pgServer.url, TREX_DATA_DIR: dataDir, TREX_TICK_MS: "300" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (out += d.toString()));
  children.push(child);
  return { child, output: () => out };
}

/** a lease in this process around a stand-in for the orchestrator that counts its starts and stops */
function countingLease(): { lease: Lease; starts: () => number; stops: () => number } {
  let starts = 0;
  let stops = 0;
  const lease = holdOrchestratorLease(
    pgServer.url,
    { start: () => void starts++, stop: async () => void stops++ },
    { intervalMs: 250, log: () => undefined },
  );
  return { lease, starts: () => starts, stops: () => stops };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  pgServer = await startTeamPostgres({ migrated: true });
});
afterAll(async () => {
  for (const c of children) c.kill("SIGKILL");
  await pgServer?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("orchestrator lease (PostgreSQL advisory lock)", () => {
  it(
    "one leader; kill -9 it and a standby leads within seconds; a leader that stops hands over",
    { timeout: 60_000 },
    async () => {
      const first = startStandalone();
      await waitUntil(
        "the first process to lead",
        async () => (first.output().includes("leading") ? true : null),
        20_000,
      );
      expect(await leaseHolderPid(pgServer, ORCHESTRATOR_LOCK_KEY)).toBe(first.child.pid);

      const standby = countingLease();
      await sleep(1500);
      expect(standby.lease.leading).toBe(false);
      expect(standby.starts()).toBe(0);

      const killedAt = Date.now();
      first.child.kill("SIGKILL");
      await waitUntil("the standby to lead", async () => (standby.lease.leading ? true : null), 10_000);
      const takeoverMs = Date.now() - killedAt;
      console.log(`[lease] takeover after kill -9: ${takeoverMs} ms`);
      expect(takeoverMs).toBeLessThan(5000);
      expect(standby.starts()).toBe(1);
      expect(await leaseHolderPid(pgServer, ORCHESTRATOR_LOCK_KEY)).toBe(process.pid);

      // a third instance waits while one leads, and takes over when the leader shuts down
      const third = startStandalone();
      await sleep(2000);
      expect(third.output()).not.toContain("leading");
      await standby.lease.stop();
      expect(standby.stops()).toBe(1);
      await waitUntil(
        "the third process to lead",
        async () => (third.output().includes("leading") ? true : null),
        10_000,
      );
      expect(await leaseHolderPid(pgServer, ORCHESTRATOR_LOCK_KEY)).toBe(third.child.pid);
    },
  );
});
