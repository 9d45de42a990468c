import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { postgresSchemaPath, renderPostgresSchema, sqliteSchemaPath } from "./generate-pg-schema.ts";

describe("generated PostgreSQL schema", () => {
  it("is up to date with prisma/schema.prisma (run `npm run db:pg-schema`, then add a Postgres migration)", () => {
    const wanted = renderPostgresSchema(fs.readFileSync(sqliteSchemaPath, "utf8"));
    expect(fs.readFileSync(postgresSchemaPath, "utf8")).toBe(wanted);
  });

  it("switches only the provider and the client output", () => {
    const out = renderPostgresSchema(
      'generator client {\n  output     = "../server/generated/prisma"\n}\ndatasource db {\n  provider = "sqlite"\n}\nmodel A { id Int @id }\n',
    );
    expect(out).toContain('provider = "postgresql"');
    expect(out).toContain('"../../server/generated/prisma-pg"');
    expect(out).toContain("model A { id Int @id }");
  });

  it("has a Postgres migration for every model", () => {
    const models = [...fs.readFileSync(sqliteSchemaPath, "utf8").matchAll(/^model (\w+) \{/gm)].map((m) => m[1]);
    const dir = path.join(path.dirname(postgresSchemaPath), "migrations");
    const sql = fs
      .readdirSync(dir)
      .filter((d) => fs.statSync(path.join(dir, d)).isDirectory())
      .map((d) => fs.readFileSync(path.join(dir, d, "migration.sql"), "utf8"))
      .join("\n");
    for (const model of models) expect(sql, `no CREATE TABLE for ${model}`).toContain(`CREATE TABLE "${model}"`);
  });
});
