import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "./db.ts";
import { migrateDatabase } from "./migrate.ts";
import { createEmptyTestDatabase } from "./testing/test-db.ts";

describe("migrateDatabase (prisma migrate deploy with the config of the database's kind)", () => {
  let empty: Awaited<ReturnType<typeof createEmptyTestDatabase>>;
  let db: Db | undefined;

  beforeAll(async () => {
    empty = await createEmptyTestDatabase();
  });
  afterAll(async () => {
    await db?.$disconnect();
    await empty.cleanup();
  });

  it("creates every table on an empty database, and a second run is a no-op", async () => {
    await migrateDatabase(empty.url);
    await migrateDatabase(empty.url);
    db = createDb(empty.url);
    expect(await db.exploration.count()).toBe(0);
    expect(await db.runnerConfig.count()).toBe(0);
  }, 120_000);
});
