/**
 * Helpers for the real servers tests start (sshd, munged, slurmctld, slurmd): start in the foreground so we
 * own the PID, wait for readiness, and stop by that PID only.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

export interface Daemon {
  readonly name: string;
  readonly pid: number;
  readonly logFile: string;
  exited(): boolean;
  stop(timeoutMs?: number): Promise<void>;
}

export interface DaemonOptions {
  env?: NodeJS.ProcessEnv;
  uid?: number;
  gid?: number;
  cwd?: string;
}

export async function startDaemon(
  name: string,
  command: string,
  args: readonly string[],
  logFile: string,
  opts: DaemonOptions = {},
): Promise<Daemon> {
  const log = fs.openSync(logFile, "a");
  const child: ChildProcess = spawn(command, args, {
    stdio: ["ignore", log, log],
    env: opts.env ?? process.env,
    uid: opts.uid,
    gid: opts.gid,
    cwd: opts.cwd,
  });
  fs.closeSync(log);
  const pid = await new Promise<number>((resolve, reject) => {
    child.once("spawn", () => (child.pid ? resolve(child.pid) : reject(new Error(`${name} did not start`))));
    child.once("error", (e) => reject(new Error(`cannot start ${name} (${command}): ${e.message}`)));
  });
  let done = false;
  const exit = new Promise<void>((resolve) => child.once("exit", () => ((done = true), resolve())));
  return {
    name,
    pid,
    logFile,
    exited: () => done,
    async stop(timeoutMs = 10_000) {
      if (done) return;
      try {
        process.kill(pid, "SIGTERM");
      } catch {
        return;
      }
      const timer = new Promise<"timeout">((r) => setTimeout(() => r("timeout"), timeoutMs).unref());
      if ((await Promise.race([exit, timer])) === "timeout") {
        try {
          process.kill(pid, "SIGKILL");
        } catch {
          // already gone
        }
        await exit;
      }
    },
  };
}

/** Polls `probe` until it returns a value, or fails with the last reason and the daemon's log. */
export async function waitUntil<T>(
  what: string,
  probe: () => Promise<T | null>,
  timeoutMs: number,
  logs: readonly string[] = [],
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = "";
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== null) return value;
    } catch (e) {
      last = (e as Error).message;
    }
    await sleep(200);
  }
  const tails = logs.map((f) => `--- ${f}\n${tailOf(f, 2000)}`).join("\n");
  throw new Error(
    `timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${last})` : ""}\n${tails}`,
  );
}

export function tailOf(file: string, bytes: number): string {
  try {
    const text = fs.readFileSync(file, "utf8");
    return text.slice(-bytes);
  } catch {
    return "(no log)";
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export function makeTempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Direct children of a process, from /proc (used to drop the connections an sshd is serving). */
export function childPids(parent: number): number[] {
  const out: number[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      // the command name is in parentheses and may contain spaces: fields after the last ")"
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[1]) === parent) out.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return out;
}

export function userIds(name: string): { uid: number; gid: number } | null {
  const line = fs
    .readFileSync("/etc/passwd", "utf8")
    .split("\n")
    .find((l) => l.startsWith(`${name}:`));
  if (!line) return null;
  const [, , uid, gid] = line.split(":");
  return { uid: Number(uid), gid: Number(gid) };
}
