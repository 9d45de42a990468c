/**
 * Which app instance runs the orchestrator. On PostgreSQL, the one holding a session advisory lock: every
 * instance keeps one connection for it; the leader pings it every second, the others try the lock every second.
 * The lock lives exactly as long as the leader's session, so a leader that dies (kill -9, a crash) frees it
 * when its connection closes and another instance leads within about a second. A leader that loses its
 * connection stops orchestrating before it lets go, and the database frees a silent session only after its
 * keepalives fail (about 11 s), later than the leader notices (at most 6 s): two never lead at once.
 * SQLite serves one instance, which leads.
 */
import os from "node:os";
import pg from "pg";
import { databaseKind } from "../db.ts";

/** what the lease starts and stops: the orchestrator */
export interface Led {
  start(): void;
  stop(): Promise<void>;
}

export interface Lease {
  readonly leading: boolean;
  /** stops leading (waiting for the orchestrator's ticks in flight) and frees the lock */
  stop(): Promise<void>;
}

export interface LeaseOptions {
  /** how often a standby tries the lock, and a leader pings its session */
  intervalMs?: number;
  log?: (message: string) => void;
}

/** pg_try_advisory_lock's key: "trex" in ASCII. Advisory locks are per database, so one per TREX database. */
export const ORCHESTRATOR_LOCK_KEY = 0x74726578;

export function holdOrchestratorLease(databaseUrl: string, led: Led, opts: LeaseOptions = {}): Lease {
  if (databaseKind(databaseUrl) === "sqlite") {
    led.start();
    return { leading: true, stop: () => led.stop() };
  }
  const lease = new PostgresLease(
    databaseUrl,
    led,
    opts.intervalMs ?? 1000,
    opts.log ?? ((m) => console.log(`[orchestrator] ${m}`)),
  );
  lease.begin();
  return lease;
}

class PostgresLease implements Lease {
  leading = false;
  private client: pg.Client | null = null;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly url: string,
    private readonly led: Led,
    private readonly intervalMs: number,
    private readonly log: (message: string) => void,
  ) {}

  begin(): void {
    void this.attempt();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.letGo(null);
  }

  private async attempt(): Promise<void> {
    try {
      this.client ??= await this.connect();
      if (this.leading) {
        await this.client.query("SELECT 1"); // the lease is this session: a failed ping ends it
      } else {
        const result = await this.client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1) AS locked", [
          ORCHESTRATOR_LOCK_KEY,
        ]);
        if (result.rows[0]?.locked && !this.stopped) {
          this.leading = true;
          this.log(`leading (PostgreSQL advisory lock ${ORCHESTRATOR_LOCK_KEY}, pid ${process.pid})`);
          this.led.start();
        }
      }
    } catch (e) {
      await this.letGo(e);
    }
    if (!this.stopped) this.timer = setTimeout(() => void this.attempt(), this.intervalMs);
  }

  /** The orchestrator stops first, the session ends second: the lock is never free while this one still works. */
  private async letGo(error: unknown): Promise<void> {
    if (this.leading) {
      this.leading = false;
      if (error) this.log(`lost the lease (${(error as Error).message}); orchestration stops here`);
      await this.led.stop();
    }
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<pg.Client> {
    const client = new pg.Client({
      connectionString: this.url,
      application_name: `trex-orchestrator ${os.hostname()} pid ${process.pid}`.slice(0, 63),
      keepAlive: true,
      keepAliveInitialDelayMillis: 2000,
      connectionTimeoutMillis: 5000,
      query_timeout: 5000,
    });
    // the connection breaking between pings (the database restarted): let go now rather than at the next ping
    client.on("error", (e) => {
      if (this.client === client) void this.letGo(e);
    });
    try {
      await client.connect();
      // the server notices a vanished client (a dead host, a cut network) after 5 s idle + 3 probes 2 s apart
      await client.query("SET tcp_keepalives_idle = 5; SET tcp_keepalives_interval = 2; SET tcp_keepalives_count = 3");
      return client;
    } catch (e) {
      await client.end().catch(() => undefined);
      throw e;
    }
  }
}
