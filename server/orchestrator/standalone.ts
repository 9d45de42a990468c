/** The orchestrator without the web server: for headless runs and for restart tests that kill it. */
import { env } from "../env.ts";
import { getDb, tuneSqlite } from "../db.ts";
import { Orchestrator } from "./orchestrator.ts";
import { holdOrchestratorLease } from "./leadership.ts";

async function main(): Promise<void> {
  const db = getDb();
  await tuneSqlite(db);
  const orchestrator = new Orchestrator(db, {
    tickMs: env.TREX_TICK_MS,
    onError: (id, e) => console.error(`[orchestrator] ${id}:`, e),
  });
  // beside app instances on PostgreSQL, it leads only while it holds the lease
  const lease = holdOrchestratorLease(env.DATABASE_URL, orchestrator);
  console.log("[orchestrator] running");
  const stop = async () => {
    await lease.stop();
    await db.$disconnect();
    process.exit(0);
  };
  process.once("SIGTERM", () => void stop());
  process.once("SIGINT", () => void stop());
}

void main();
