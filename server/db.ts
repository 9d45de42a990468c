/** The only place that creates the Prisma client. Kept on globalThis so Next's bundle and the custom server share it. */
import fs from "node:fs";
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "./generated/prisma/client.ts";
import { env } from "./env.ts";

export type Db = PrismaClient;

function sqlitePath(url: string): string {
  return url.replace(/^file:/, "");
}

export function createDb(url: string = env.DATABASE_URL): PrismaClient {
  fs.mkdirSync(path.dirname(sqlitePath(url)), { recursive: true });
  const adapter = new PrismaBetterSQLite3({ url, timeout: 10_000 });
  return new PrismaClient({ adapter });
}

const globalForDb = globalThis as unknown as { __trexDb?: PrismaClient };

export function getDb(): PrismaClient {
  globalForDb.__trexDb ??= createDb();
  return globalForDb.__trexDb;
}

/** WAL lets the UI read while the orchestrator writes. */
export async function tuneSqlite(db: PrismaClient): Promise<void> {
  await db.$queryRawUnsafe("PRAGMA journal_mode=WAL");
  await db.$queryRawUnsafe("PRAGMA busy_timeout=10000");
}
