/** Creates and migrates the database on start: `prisma migrate deploy` with the project's own config. */
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export async function migrateDatabase(databaseUrl: string): Promise<void> {
  if (databaseUrl.startsWith("file:")) fs.mkdirSync(path.dirname(databaseUrl.slice("file:".length)), { recursive: true });
  const prisma = path.join(process.cwd(), "node_modules", ".bin", "prisma");
  try {
    await run(prisma, ["migrate", "deploy"], { env: { ...process.env, DATABASE_URL: databaseUrl }, timeout: 120_000 });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    throw new Error(`database migration failed: ${err.stderr || err.stdout || err.message}`);
  }
}
