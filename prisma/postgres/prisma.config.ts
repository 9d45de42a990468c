/** Prisma CLI config for PostgreSQL (DATABASE_URL=postgresql://…): `prisma migrate deploy --config prisma/postgres/prisma.config.ts`. */
import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";

const url = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/trex";
process.env.DATABASE_URL = url;

// Migrate reads catalog columns of Postgres' internal `name` and `"char"` types, which the adapter cannot map
// (prisma/orm#27403): report them as text, which is what their values already are.
const NAME_OID = 19;
const CHAR_OID = 18;
const TEXT_OID = 25;

// Patched where pg reads a result's column descriptions, so it holds for pooled, callback and promise queries alike.
type RowDescription = { fields: { dataTypeID: number }[] };
const queryPrototype = pg.Query.prototype as unknown as { handleRowDescription(msg: RowDescription): void };
const handleRowDescription = queryPrototype.handleRowDescription;
queryPrototype.handleRowDescription = function (this: unknown, msg: RowDescription) {
  for (const field of msg.fields)
    if (field.dataTypeID === NAME_OID || field.dataTypeID === CHAR_OID) field.dataTypeID = TEXT_OID;
  handleRowDescription.call(this, msg);
};

function poolConfig(connectionString: string): pg.PoolConfig {
  // host/port/user/database fields rather than a connection string, or the shadow database points at the main one
  const u = new URL(connectionString);
  return {
    host: decodeURIComponent(u.hostname),
    port: u.port ? Number(u.port) : 5432,
    user: decodeURIComponent(u.username) || undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    database: decodeURIComponent(u.pathname.replace(/^\//, "")) || undefined,
    // idle connections must not keep the CLI alive once it is done
    allowExitOnIdle: true,
  };
}

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join(import.meta.dirname, "schema.prisma"),
  migrations: { path: path.join(import.meta.dirname, "migrations") },
  adapter: async () => new PrismaPg(new pg.Pool(poolConfig(url))),
});
