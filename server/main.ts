/** The TREX server: Next.js pages, tRPC and socket.io on one port, plus the orchestrator loop. */
import { createServer } from "node:http";
import next from "next";
import { env } from "./env.ts";
import { databaseKind, getDb, tuneSqlite } from "./db.ts";
import { migrateDatabase } from "./migrate.ts";
import { attachRealtime } from "./realtime/socket-server.ts";
import { Orchestrator } from "./orchestrator/orchestrator.ts";
import { holdOrchestratorLease } from "./orchestrator/leadership.ts";
import { createPostgresFanout } from "./realtime/postgres-fanout.ts";
import { ensureDemoExploration } from "./demo.ts";
import { getAuth } from "./auth/auth.ts";
import { ensureAdmin } from "./auth/bootstrap-admin.ts";
import { stampClientIp, trustedProxies } from "./security/client-ip.ts";
import { countUsers } from "./repositories/user-repository.ts";
import { carriesBody, takesRequestBody } from "./security/routes-with-bodies.ts";

async function main(): Promise<void> {
  await migrateDatabase(env.DATABASE_URL);
  const db = getDb();
  await tuneSqlite(db);
  const admin = await ensureAdmin(db, getAuth(), env.TREX_ADMIN_EMAIL, env.TREX_ADMIN_PASSWORD);
  if (admin === "created") console.log(`[trex] administrator ${env.TREX_ADMIN_EMAIL} created`);
  if (admin === "skipped" && (await countUsers(db)) === 0)
    console.warn("[trex] no users: set TREX_ADMIN_EMAIL and TREX_ADMIN_PASSWORD to create the administrator");

  const dev = env.NODE_ENV === "development";
  const app = next({ dev, hostname: "localhost", port: env.PORT });
  await app.prepare();
  const handle = app.getRequestHandler();
  trustedProxies(); // a bad TREX_TRUSTED_PROXIES stops the start here, with the entry it cannot read
  const server = createServer((req, res) => {
    if (carriesBody(req.headers) && !takesRequestBody(req.url ?? "/")) {
      // nothing is read: answer and drop the connection rather than drain what the client keeps sending
      res.on("finish", () => req.socket.destroy());
      res
        .writeHead(413, { "content-type": "application/json", connection: "close" })
        .end(JSON.stringify({ error: { message: "this route takes no request body" } }));
      return;
    }
    stampClientIp(req);
    void handle(req, res);
  });
  // several instances on one PostgreSQL: socket.io rooms span them all
  const fanout = databaseKind(env.DATABASE_URL) === "postgres" ? await createPostgresFanout(env.DATABASE_URL) : null;
  const realtime = attachRealtime(server, db, fanout?.adapter);
  const stopRelay = fanout?.relayWakes(realtime.io);
  if (dev) {
    const upgrade = app.getUpgradeHandler();
    server.on("upgrade", (req, socket, head) => {
      if (!req.url?.startsWith("/socket.io")) void upgrade(req, socket, head);
    });
  }

  const orchestrator = new Orchestrator(db, {
    tickMs: env.TREX_TICK_MS,
    onError: (id, e) => console.error(`[orchestrator] exploration ${id}:`, e),
  });
  // on PostgreSQL the instance holding the advisory lock leads; the others stand by and take over when it dies
  const lease = env.TREX_ORCHESTRATOR_OFF ? null : holdOrchestratorLease(env.DATABASE_URL, orchestrator);
  if (env.TREX_DEMO) {
    const demoId = await ensureDemoExploration(db);
    if (demoId) console.log(`[trex] demo exploration started: http://localhost:${env.PORT}/explorations/${demoId}`);
  }

  server.listen(env.PORT, env.HOST, () =>
    console.log(`[trex] ready on http://localhost:${env.PORT} (${env.NODE_ENV})`),
  );

  const shutdown = async (signal: string) => {
    console.log(`[trex] ${signal}: stopping (training jobs keep running and are picked up on the next start)`);
    await (lease ?? orchestrator).stop();
    stopRelay?.();
    await realtime.close();
    await fanout?.close();
    server.close();
    await db.$disconnect();
    process.exit(0);
  };
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
  process.once("SIGINT", () => void shutdown("SIGINT"));
}

main().catch((e: unknown) => {
  console.error("[trex] failed to start:", e);
  process.exit(1);
});
