/**
 * The only place that creates the Prisma client. Kept on globalThis so Next's bundle and the custom server share it.
 * SQLite (file:…) is the default; postgresql://… selects the PostgreSQL client generated from the same models.
 */
import fs from "node:fs";
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client.ts";
import { PrismaClient as PgPrismaClient } from "./generated/prisma-pg/client.ts";
import { env } from "./env.ts";

export type Db = PrismaClient;
export type DatabaseKind = "sqlite" | "postgres";

export function databaseKind(url: string): DatabaseKind {
  return /^postgres(ql)?:\/\//.test(url) ? "postgres" : "sqlite";
}

function sqlitePath(url: string): string {
  return url.replace(/^file:/, "");
}

export function createDb(url: string = env.DATABASE_URL): PrismaClient {
  if (databaseKind(url) === "postgres") {
    const client = new PgPrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 10 }) });
    // Both clients are generated from the same models (prisma/postgres/schema.prisma is derived from
    // prisma/schema.prisma), so their model APIs are identical; only the provider name in the types differs.
    return client as unknown as PrismaClient;
  }
  fs.mkdirSync(path.dirname(sqlitePath(url)), { recursive: true });
  const adapter = new PrismaBetterSQLite3({ url, timeout: 10_000 });
  return new PrismaClient({ adapter });
}

const globalForDb = globalThis as unknown as { __trexDb?: PrismaClient };

export function getDb(): PrismaClient {
  globalForDb.__trexDb ??= createDb();
  return globalForDb.__trexDb;
}

/** WAL lets the UI read while the orchestrator writes. Nothing to tune on PostgreSQL. */
export async function tuneSqlite(db: PrismaClient, url: string = env.DATABASE_URL): Promise<void> {
  if (databaseKind(url) !== "sqlite") return;
  await db.$queryRawUnsafe("PRAGMA journal_mode=WAL");
  await db.$queryRawUnsafe("PRAGMA busy_timeout=10000");
}
