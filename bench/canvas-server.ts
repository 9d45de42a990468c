/**
 * For the browser benchmarks: the real server (production build, fresh database, orchestrator off so only
 * the benchmark makes events) on a free port, and Debian's Chromium.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { chromium, request, type APIRequestContext, type Browser, type BrowserContext } from "@playwright/test";

export interface BenchServer {
  url: string;
  dataDir: string;
  /** its database (SQLite in `dataDir` unless a shared one was given) */
  databaseUrl: string;
  /** signed in as the bench administrator; same-origin for tRPC mutations */
  api: APIRequestContext;
  /** the session cookie, for socket.io clients */
  cookie: string;
  /** a browser context signed in as the administrator */
  signedIn: (browser: Browser) => Promise<BrowserContext>;
  /** the server's process group (npx, tsx, node): for reading its memory and CPU */
  processGroup: number | null;
  stop: () => Promise<void>;
}

/** Resident memory (MiB) and CPU seconds used so far by every process of a process group (Linux /proc). */
export function groupUsage(pgid: number | null): { rssMiB: number; cpuSeconds: number } {
  let rssKiB = 0;
  let ticks = 0;
  if (pgid === null) return { rssMiB: NaN, cpuSeconds: NaN };
  for (const pid of fs.readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      // fields after the command (which may hold spaces) start at the last ")"
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(f[2]) !== pgid) continue;
      ticks += Number(f[11]) + Number(f[12]);
      rssKiB += Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
    } catch {
      // the process ended while being read
    }
  }
  return { rssMiB: rssKiB / 1024, cpuSeconds: ticks / 100 };
}

const ADMIN = { email: "bench@trex.local", password: "trex-bench-password" };

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === "object" && addr ? resolve(addr.port) : reject(new Error("no port"))));
    });
  });
}

export interface ServerOptions {
  /** a shared PostgreSQL database (several instances of one deployment); default: SQLite in the data folder */
  databaseUrl?: string;
  /** the deployment's secrets, the same on every instance; default: new ones */
  secrets?: { auth: string; key: string };
}

/** Secrets for one deployment: every instance of it starts with the same. */
export const deploymentSecrets = () => ({
  auth: randomBytes(32).toString("hex"),
  key: randomBytes(32).toString("hex"),
});

export async function startServer(options: ServerOptions = {}): Promise<BenchServer> {
  if (!fs.existsSync(path.join(".next", "BUILD_ID")))
    throw new Error("no production build: run `NEXT_TELEMETRY_DISABLED=1 npx next build` first");
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "trex-bench-"));
  const secrets = options.secrets ?? deploymentSecrets();
  const child: ChildProcess = spawn("npx", ["--no-install", "tsx", "server/main.ts"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      PORT: String(port),
      TREX_DATA_DIR: dataDir,
      ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
      TREX_ORCHESTRATOR_OFF: "1",
      TREX_AUTH_SECRET: secrets.auth,
      TREX_SECRET_KEY: secrets.key,
      TREX_ADMIN_EMAIL: ADMIN.email,
      TREX_ADMIN_PASSWORD: ADMIN.password,
    },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let log = "";
  child.stdout?.on("data", (d: Buffer) => (log += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (log += d.toString()));
  const url = `http://localhost:${port}`;
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited:\n${log}`);
    const ok = await fetch(`${url}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`server did not start:\n${log}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  const api = await request.newContext({ baseURL: url, extraHTTPHeaders: { origin: url } });
  const res = await api.post("/api/auth/sign-in/email", { data: ADMIN });
  if (!res.ok()) throw new Error(`bench sign-in failed: ${res.status()} ${await res.text()}`);
  const state = await api.storageState();
  return {
    url,
    dataDir,
    databaseUrl: options.databaseUrl ?? `file:${path.join(dataDir, "trex.db")}`,
    api,
    cookie: state.cookies.map((c) => `${c.name}=${c.value}`).join("; "),
    processGroup: child.pid ?? null,
    signedIn: (browser) => browser.newContext({ storageState: state, viewport: { width: 1440, height: 900 } }),
    stop: async () => {
      await api.dispose();
      // the whole process group: npx, tsx and node
      if (child.pid) process.kill(-child.pid, "SIGTERM");
      await new Promise((r) => setTimeout(r, 500));
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-quic",
      "--no-first-run",
    ],
  });
}

export function stats(values: readonly number[]): { n: number; p50: number; p95: number; max: number; mean: number } {
  const v = [...values].sort((a, b) => a - b);
  const at = (q: number) => v[Math.min(v.length - 1, Math.max(0, Math.ceil(q * v.length) - 1))] ?? NaN;
  return {
    n: v.length,
    p50: at(0.5),
    p95: at(0.95),
    max: v[v.length - 1] ?? NaN,
    mean: v.reduce((s, x) => s + x, 0) / Math.max(1, v.length),
  };
}

export function writeJson(name: string, data: unknown): string {
  const file = path.join("bench", "out", name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
  return file;
}

export const machine = () => ({
  cpus: os.cpus().length,
  cpu: os.cpus()[0]?.model ?? "?",
  load: os.loadavg().map((l) => Number(l.toFixed(2))),
  node: process.version,
  at: new Date().toISOString(),
});
