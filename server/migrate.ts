/**
 * Creates and migrates the database on start: `prisma migrate deploy` with the project's own config —
 * prisma.config.ts for SQLite, prisma/postgres/prisma.config.ts (its own migrations) for PostgreSQL.
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { databaseKind } from "./db.ts";

const run = promisify(execFile);

export async function migrateDatabase(databaseUrl: string): Promise<void> {
  if (databaseUrl.startsWith("file:"))
    fs.mkdirSync(path.dirname(databaseUrl.slice("file:".length)), { recursive: true });
  const root = process.cwd();
  const prismaCli = path.join(root, "node_modules", "prisma", "build", "index.js");
  const args = [prismaCli, "migrate", "deploy"];
  const childEnv: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: databaseUrl };
  if (databaseKind(databaseUrl) === "postgres") {
    args.push("--config", path.join(root, "prisma", "postgres", "prisma.config.ts"));
    // the CLI's pool keeps timers alive for up to a minute after it is done on Postgres
    childEnv.NODE_OPTIONS =
      `${process.env.NODE_OPTIONS ?? ""} --require ${path.join(root, "scripts", "prisma-unref-timers.cjs")}`.trim();
  }
  try {
    await run(process.execPath, args, { env: childEnv, timeout: 120_000, cwd: root });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    throw new Error(`database migration failed: ${err.stderr || err.stdout || err.message}`);
  }
}
