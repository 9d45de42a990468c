/**
 * A real PostgreSQL 15 for tests: a cluster in a temp folder (initdb as the `postgres` user, since tests run as
 * root), listening on 127.0.0.1 on a free port, stopped by PID.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { freePort, makeTempDir, startDaemon, waitUntil, type Daemon } from "./daemon-process.ts";

const PG_BIN = "/usr/lib/postgresql/15/bin";

export interface PostgresServer {
  readonly port: number;
  /** superuser connection to the `postgres` database */
  readonly adminUrl: string;
  urlFor(database: string): string;
  stop(): Promise<void>;
}

function ownerIds(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  const line = fs
    .readFileSync("/etc/passwd", "utf8")
    .split("\n")
    .find((l) => l.startsWith("postgres:"));
  if (!line) throw new Error("no `postgres` user: install Debian's postgresql package (scripts/setup.sh)");
  const [, , uid, gid] = line.split(":");
  return { uid: Number(uid), gid: Number(gid) };
}

export async function startPostgresServer(): Promise<PostgresServer> {
  if (!fs.existsSync(path.join(PG_BIN, "postgres")))
    throw new Error(`PostgreSQL 15 not found in ${PG_BIN}: run scripts/setup.sh`);
  const ids = ownerIds();
  const dir = makeTempDir("trex-pg-");
  fs.chmodSync(dir, 0o700);
  const dataDir = path.join(dir, "data");
  const logFile = path.join(dir, "postgres.log");
  if (ids.uid !== undefined && ids.gid !== undefined) fs.chownSync(dir, ids.uid, ids.gid);
  execFileSync(
    path.join(PG_BIN, "initdb"),
    ["-D", dataDir, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync"],
    {
      uid: ids.uid,
      gid: ids.gid,
      stdio: ["ignore", "ignore", "pipe"],
      env: { ...process.env, LC_ALL: "C.UTF-8" },
    },
  );
  const port = await freePort();
  const args = [
    "-D",
    dataDir,
    "-p",
    String(port),
    "-k",
    dir,
    "-c",
    "listen_addresses=127.0.0.1",
    "-c",
    "fsync=off",
    "-c",
    "max_connections=200",
  ];
  const daemon: Daemon = await startDaemon("postgres", path.join(PG_BIN, "postgres"), args, logFile, {
    uid: ids.uid,
    gid: ids.gid,
    cwd: dir,
  });
  const adminUrl = `postgresql://postgres@127.0.0.1:${port}/postgres`;
  await waitUntil(
    "postgres to accept connections",
    async () => {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.end();
      return true;
    },
    30_000,
    [logFile],
  );
  return {
    port,
    adminUrl,
    urlFor: (database) => `postgresql://postgres@127.0.0.1:${port}/${database}`,
    async stop() {
      if (!daemon.exited()) {
        try {
          process.kill(daemon.pid, "SIGINT"); // fast shutdown: ends open sessions
        } catch {
          // already gone
        }
      }
      await daemon.stop(15_000);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
