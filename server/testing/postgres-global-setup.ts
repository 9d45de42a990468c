/**
 * vitest globalSetup for TREX_TEST_DB=postgres: one real PostgreSQL for the run, and a template database holding
 * the committed Postgres migrations, so each test database is a cheap copy of it.
 */
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { startPostgresServer } from "./postgres-server.ts";

export const TEMPLATE_DATABASE = "trex_template";

declare module "vitest" {
  export interface ProvidedContext {
    trexPostgresAdminUrl: string;
  }
}

export function postgresMigrationScripts(): string[] {
  const dir = path.join(process.cwd(), "prisma", "postgres", "migrations");
  return fs
    .readdirSync(dir)
    .filter((d) => fs.statSync(path.join(dir, d)).isDirectory())
    .sort()
    .map((d) => fs.readFileSync(path.join(dir, d, "migration.sql"), "utf8"));
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startPostgresServer();
  const admin = new pg.Client({ connectionString: server.adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
  await admin.end();
  const template = new pg.Client({ connectionString: server.urlFor(TEMPLATE_DATABASE) });
  await template.connect();
  for (const sql of postgresMigrationScripts()) await template.query(sql);
  await template.end();
  project.provide("trexPostgresAdminUrl", server.adminUrl);
  return () => server.stop();
}
