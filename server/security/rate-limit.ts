/**
 * Token buckets in the database (SQLite or PostgreSQL), so every app instance draws on the same ones
 * (repositories/rate-limit-repository.ts holds the one conditional UPDATE that makes a take safe).
 */
import type { Db } from "../db.ts";
import { deleteBucketsIdleSince, takeFromBucket } from "../repositories/rate-limit-repository.ts";

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
  const bucket = { key: `${limit.name}:${key}`.slice(0, 400), capacity: limit.capacity, now };
  if (++takesSincePrune >= PRUNE_EVERY) {
    takesSincePrune = 0;
    await pruneFullBuckets(db, limit, now);
  }
  // null: the row was pruned between the insert and the update; the second attempt makes it again
  for (let attempt = 0; attempt < 2; attempt++) {
    const taken = await takeFromBucket(db, { ...bucket, refillPerMs: limit.refillPerSecond / 1000 });
    if (taken !== null) return taken;
  }
  return false;
}

/** A bucket left alone long enough to be full again is the same as no row at all. */
async function pruneFullBuckets(db: Db, limit: RateLimit, now: number): Promise<void> {
  const fullAfterMs = (limit.capacity / limit.refillPerSecond) * 1000;
  await deleteBucketsIdleSince(db, `${limit.name}:`, now - fullAfterMs);
}
