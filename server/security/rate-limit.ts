/**
 * Token buckets in the database (SQLite or PostgreSQL), so every app instance draws on the same ones.
 * A take is one conditional UPDATE: the database serialises concurrent takes of a bucket (PostgreSQL re-checks
 * the condition on the row it waited for), so two instances together never hand out more than the bucket holds.
 */
import type { Db } from "../db.ts";

export interface RateLimit {
  /** prefix of the bucket keys */
  name: string;
  capacity: number;
  refillPerSecond: number;
}

export const RATE_LIMITS = {
  /** mutations that start work or call a model, and dataset uploads: per user */
  costly: { name: "costly", capacity: 20, refillPerSecond: 0.2 },
  /** sign-in attempts per client address (IPv6: per /64) */
  signInPerAddress: { name: "sign-in:address", capacity: 20, refillPerSecond: 20 / 60 },
  /** sign-in attempts per account, from anywhere: guessing one password from many addresses */
  signInPerAccount: { name: "sign-in:account", capacity: 10, refillPerSecond: 10 / 600 },
  signUpPerAddress: { name: "sign-up:address", capacity: 5, refillPerSecond: 5 / 60 },
} as const satisfies Record<string, RateLimit>;

/** every this many takes (in this process) one also deletes its limit's full buckets, so a flood of keys cannot grow the table for good */
const PRUNE_EVERY = 100;
let takesSincePrune = 0;

/** Takes one token from the bucket `limit.name:key`; false when it is empty. */
export async function takeToken(db: Db, limit: RateLimit, key: string, now: number = Date.now()): Promise<boolean> {
  const bucket = `${limit.name}:${key}`.slice(0, 400);
  const perMs = limit.refillPerSecond / 1000;
  if (++takesSincePrune >= PRUNE_EVERY) {
    takesSincePrune = 0;
    await pruneFullBuckets(db, limit, now);
  }
  for (let attempt = 0; attempt < 2; attempt++) {
    await db.$executeRaw`INSERT INTO "RateLimitBucket" ("key", "tokens", "at") VALUES (${bucket}, ${limit.capacity}, ${now}) ON CONFLICT ("key") DO NOTHING`;
    const taken = await db.$executeRaw`UPDATE "RateLimitBucket"
      SET "tokens" = (CASE WHEN "tokens" + (${now} - "at") * ${perMs} > ${limit.capacity} THEN ${limit.capacity} ELSE "tokens" + (${now} - "at") * ${perMs} END) - 1,
          "at" = ${now}
      WHERE "key" = ${bucket} AND "tokens" + (${now} - "at") * ${perMs} >= 1`;
    if (taken > 0) return true;
    // no row taken: an empty bucket, or (rarely) one pruned between the two statements
    const exists = await db.rateLimitBucket.count({ where: { key: bucket } });
    if (exists > 0) return false;
  }
  return false;
}

/** A bucket left alone long enough to be full again is the same as no row at all. */
async function pruneFullBuckets(db: Db, limit: RateLimit, now: number): Promise<void> {
  const fullAfterMs = (limit.capacity / limit.refillPerSecond) * 1000;
  await db.rateLimitBucket.deleteMany({
    where: { key: { startsWith: `${limit.name}:` }, at: { lt: now - fullAfterMs } },
  });
}
