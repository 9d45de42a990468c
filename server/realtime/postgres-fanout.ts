/**
 * socket.io across app instances on PostgreSQL: the postgres adapter relays every room broadcast to the other
 * instances over LISTEN/NOTIFY (payloads over NOTIFY's 8000 bytes travel through a table it reads and prunes),
 * so a browser on any instance gets the events published on any other. SQLite serves one instance: no adapter.
 */
import { createAdapter } from "@socket.io/postgres-adapter";
import pg from "pg";
import { getBus } from "../services/event-bus.ts";
import type { RealtimeServer } from "./socket-server.ts";

export const ATTACHMENTS_TABLE = "socket_io_attachments";

export interface PostgresFanout {
  adapter: ReturnType<typeof createAdapter>;
  /** the bus's "wake" travels to the other instances too (the orchestrator may lead elsewhere); returns the undo */
  relayWakes(io: RealtimeServer): () => void;
  /** after io.close() */
  close(): Promise<void>;
}

export async function createPostgresFanout(databaseUrl: string): Promise<PostgresFanout> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 4, application_name: "trex-realtime" });
  // an idle connection cut by the server (a restart) must not crash the process; the adapter reconnects
  pool.on("error", (e) => console.error(`[realtime] PostgreSQL connection lost: ${e.message}`));
  try {
    // the adapter's own table, not a Prisma model: only PostgreSQL deployments have it
    await pool.query(
      `CREATE TABLE IF NOT EXISTS ${ATTACHMENTS_TABLE} (id bigserial UNIQUE, created_at timestamptz DEFAULT NOW(), payload bytea)`,
    );
  } catch (e) {
    // two instances starting at once race to create it: the loser finds it there
    const exists = await pool.query(`SELECT to_regclass($1) AS t`, [ATTACHMENTS_TABLE]).catch(() => null);
    if (!exists?.rows[0]?.t) {
      await pool.end();
      throw e;
    }
  }
  const adapter = createAdapter(pool, {
    tableName: ATTACHMENTS_TABLE,
    errorHandler: (e: Error) => console.error(`[realtime] PostgreSQL fan-out: ${e.message}`),
  });
  return { adapter, relayWakes, close: () => pool.end() };
}

function relayWakes(io: RealtimeServer): () => void {
  const bus = getBus();
  let relaying = false; // a wake that came from another instance is not sent back out
  const send = (explorationId: string) => {
    if (!relaying) io.serverSideEmit("wake", explorationId);
  };
  const receive = (explorationId: string) => {
    relaying = true;
    try {
      bus.emit("wake", explorationId);
    } finally {
      relaying = false;
    }
  };
  bus.on("wake", send);
  io.on("wake", receive);
  return () => {
    bus.off("wake", send);
    io.off("wake", receive);
  };
}
