/**
 * A PostgreSQL of its own with one TREX database: what several app instances of a team share. `migrated`
 * applies the committed migrations here; leave it off when the app's own start-up migrates (server/main.ts).
 */
import pg from "pg";
import { postgresMigrationScripts } from "./postgres-global-setup.ts";
import { startPostgresServer, type PostgresServer } from "./postgres-server.ts";

export interface TeamPostgres {
  server: PostgresServer;
  url: string;
  query<R extends pg.QueryResultRow>(sql: string, params?: unknown[]): Promise<R[]>;
  stop(): Promise<void>;
}

export async function startTeamPostgres(opts: { migrated: boolean }): Promise<TeamPostgres> {
  const server = await startPostgresServer();
  const admin = new pg.Client({ connectionString: server.adminUrl });
  await admin.connect();
  await admin.query("CREATE DATABASE trex");
  await admin.end();
  const url = server.urlFor("trex");
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  pool.on("error", () => undefined); // an idle connection cut by the server's shutdown at the end
  if (opts.migrated) for (const sql of postgresMigrationScripts()) await pool.query(sql);
  return {
    server,
    url,
    query: async (sql, params) => (await pool.query(sql, params)).rows,
    async stop() {
      await pool.end();
      await server.stop();
    },
  };
}

/** The pid (as the app names it in application_name) of the process holding the orchestrator lease, if any. */
export async function leaseHolderPid(db: TeamPostgres, lockKey: number): Promise<number | null> {
  const rows = await db.query<{ application_name: string }>(
    "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' AND l.granted AND l.objid = $1",
    [lockKey],
  );
  const pid = /pid (\d+)/.exec(rows[0]?.application_name ?? "")?.[1];
  return pid ? Number(pid) : null;
}
