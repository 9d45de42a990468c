/**
 * A real database per test file, migrated with the committed migrations: SQLite in a temp folder by default,
 * or with TREX_TEST_DB=postgres a fresh database on the PostgreSQL the vitest global setup started.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { createDb, type Db } from "../db.ts";
import { env } from "../env.ts";

export interface TestDb {
  db: Db;
  dir: string;
  url: string;
  kind: "sqlite" | "postgres";
  cleanup: () => Promise<void>;
}

export async function createTestDb(): Promise<TestDb> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "trex-test-"));
  return env.TREX_TEST_DB === "postgres" ? createPostgresTestDb(dir) : createSqliteTestDb(dir);
}

let sqliteTemplate: string | null = null;

/** The committed migrations applied once per test process; each test database is a copy (a second, not a minute). */
function migratedSqliteTemplate(): string {
  if (sqliteTemplate && fs.existsSync(sqliteTemplate)) return sqliteTemplate;
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "trex-template-")), "template.db");
  const raw = new Database(file);
  const migrationsDir = path.join(process.cwd(), "prisma", "migrations");
  for (const m of fs
    .readdirSync(migrationsDir)
    .filter((d) => fs.statSync(path.join(migrationsDir, d)).isDirectory())
    .sort()) {
    raw.exec(fs.readFileSync(path.join(migrationsDir, m, "migration.sql"), "utf8"));
  }
  raw.pragma("journal_mode = WAL");
  raw.close(); // checkpoints the write-ahead log into the file, so the file alone is the database
  process.once("exit", () => fs.rmSync(path.dirname(file), { recursive: true, force: true }));
  return (sqliteTemplate = file);
}

function createSqliteTestDb(dir: string): TestDb {
  const file = path.join(dir, "test.db");
  fs.copyFileSync(migratedSqliteTemplate(), file);
  const url = `file:${file}`;
  const db = createDb(url);
  return {
    db,
    dir,
    url,
    kind: "sqlite",
    cleanup: async () => {
      await db.$disconnect();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The admin URL comes from the global setup; vitest is imported lazily so benches can use SQLite mode under tsx. */
async function postgresAdminUrl(): Promise<string> {
  const { inject } = await import("vitest");
  const url = inject("trexPostgresAdminUrl");
  if (!url)
    throw new Error(
      "TREX_TEST_DB=postgres needs vitest's globalSetup server/testing/postgres-global-setup.ts (see vitest.config.ts)",
    );
  return url;
}

async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function createPostgresTestDb(dir: string): Promise<TestDb> {
  const adminUrl = await postgresAdminUrl();
  const name = `trex_test_${randomBytes(6).toString("hex")}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${name} TEMPLATE trex_template`);
  const url = adminUrl.replace(/\/[^/]*$/, `/${name}`);
  const db = createDb(url);
  return {
    db,
    dir,
    url,
    kind: "postgres",
    cleanup: async () => {
      await db.$disconnect();
      await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** An empty, unmigrated database of the kind under test (for testing migrations themselves). */
export async function createEmptyTestDatabase(): Promise<{ url: string; cleanup: () => Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "trex-test-"));
  if (env.TREX_TEST_DB !== "postgres") {
    return {
      url: `file:${path.join(dir, "empty.db")}`,
      cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  }
  const adminUrl = await postgresAdminUrl();
  const name = `trex_empty_${randomBytes(6).toString("hex")}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${name}`);
  return {
    url: adminUrl.replace(/\/[^/]*$/, `/${name}`),
    cleanup: async () => {
      await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
