/** A real SQLite database in a temp folder, migrated with the committed migrations. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { createDb, type Db } from "../db.ts";

export interface TestDb {
  db: Db;
  dir: string;
  url: string;
  cleanup: () => Promise<void>;
}

export async function createTestDb(): Promise<TestDb> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "trex-test-"));
  const file = path.join(dir, "test.db");
  const raw = new Database(file);
  const migrationsDir = path.join(process.cwd(), "prisma", "migrations");
  for (const m of fs.readdirSync(migrationsDir).filter((d) => fs.statSync(path.join(migrationsDir, d)).isDirectory()).sort()) {
    raw.exec(fs.readFileSync(path.join(migrationsDir, m, "migration.sql"), "utf8"));
  }
  raw.pragma("journal_mode = WAL");
  raw.close();
  const url = `file:${file}`;
  const db = createDb(url);
  return {
    db,
    dir,
    url,
    cleanup: async () => {
      await db.$disconnect();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
