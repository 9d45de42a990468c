/** The orchestrator without the web server: for headless runs and for restart tests that kill it. */
import { env } from "../env.ts";
import { getDb, tuneSqlite } from "../db.ts";
import { Orchestrator } from "./orchestrator.ts";

async function main(): Promise<void> {
  const db = getDb();
  await tuneSqlite(db);
  const orchestrator = new Orchestrator(db, { tickMs: env.TREX_TICK_MS, onError: (id, e) => console.error(`[orchestrator] ${id}:`, e) });
  orchestrator.start();
  console.log("[orchestrator] running");
  const stop = async () => {
    await orchestrator.stop();
    await db.$disconnect();
    process.exit(0);
  };
  process.once("SIGTERM", () => void stop());
  process.once("SIGINT", () => void stop());
}

void main();
