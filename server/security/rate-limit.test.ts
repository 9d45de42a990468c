/** Rate limits in the database: two clients on one database (two app instances) draw on the same buckets. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../db.ts";
import { createTestDb, type TestDb } from "../testing/test-db.ts";
import { takeToken, type RateLimit } from "./rate-limit.ts";

let t: TestDb;
let second: Db;
const limit: RateLimit = { name: "test", capacity: 5, refillPerSecond: 1 };

async function takes(db: Db, key: string, n: number, now: number): Promise<boolean[]> {
  const out: boolean[] = [];
  for (let i = 0; i < n; i++) out.push(await takeToken(db, limit, key, now));
  return out;
}

beforeAll(async () => {
  t = await createTestDb();
  second = createDb(t.url); // a second Prisma client with its own connections: what another instance has
});
afterAll(async () => {
  await second.$disconnect();
  await t.cleanup();
});

describe(`rate limits in the database (${process.env.TREX_TEST_DB ?? "sqlite"})`, () => {
  it("hands out the capacity, then refills with time, per key", async () => {
    const t0 = 1_800_000_000_000;
    expect(await takes(t.db, "a", 6, t0)).toEqual([true, true, true, true, true, false]);
    expect(await takeToken(t.db, limit, "b", t0)).toBe(true);
    expect(await takeToken(t.db, limit, "a", t0 + 999)).toBe(false);
    expect(await takes(t.db, "a", 2, t0 + 1000)).toEqual([true, false]);
    // never more than the capacity, however long it rested
    expect(await takes(t.db, "a", 6, t0 + 3_600_000)).toEqual([true, true, true, true, true, false]);
  });

  it("holds across two instances: takes on either drain the same bucket", async () => {
    const t0 = 1_800_000_100_000;
    expect(await takes(t.db, "shared", 3, t0)).toEqual([true, true, true]);
    expect(await takes(second, "shared", 3, t0)).toEqual([true, true, false]);
    expect(await takeToken(t.db, limit, "shared", t0)).toBe(false);
  });

  it("never hands out more than the capacity to concurrent takes from both instances", async () => {
    const t0 = 1_800_000_200_000;
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => takeToken(i % 2 ? second : t.db, limit, "race", t0)),
    );
    expect(results.filter(Boolean)).toHaveLength(limit.capacity);
  });

  it("deletes buckets that have refilled, so a flood of keys does not stay in the table", async () => {
    const t0 = 1_800_000_300_000;
    for (let i = 0; i < 20; i++) await takeToken(t.db, limit, `flood-${i}`, t0);
    const before = await t.db.rateLimitBucket.count({ where: { key: { startsWith: "test:flood-" } } });
    expect(before).toBe(20);
    // long after: every hundredth take prunes
    for (let i = 0; i < 200; i++) await takeToken(t.db, limit, "late", t0 + 60_000 + i * 1000);
    expect(await t.db.rateLimitBucket.count({ where: { key: { startsWith: "test:flood-" } } })).toBe(0);
  });
});
