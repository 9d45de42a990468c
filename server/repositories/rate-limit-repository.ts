/**
 * Token bucket rows. A take is one conditional UPDATE: the database serialises concurrent takes of a bucket
 * (PostgreSQL re-checks the condition on the row it waited for), so two instances together never hand out more
 * than the bucket holds.
 */
import type { Db } from "../db.ts";

export interface BucketTake {
  key: string;
  capacity: number;
  /** tokens added per millisecond */
  refillPerMs: number;
  now: number;
}

/** Takes one token; true when taken, false when the bucket is empty, null when the row vanished meanwhile. */
export async function takeFromBucket(db: Db, { key, capacity, refillPerMs, now }: BucketTake): Promise<boolean | null> {
  await db.$executeRaw`INSERT INTO "RateLimitBucket" ("key", "tokens", "at") VALUES (${key}, ${capacity}, ${now}) ON CONFLICT ("key") DO NOTHING`;
  const taken = await db.$executeRaw`UPDATE "RateLimitBucket"
      SET "tokens" = (CASE WHEN "tokens" + (${now} - "at") * ${refillPerMs} > ${capacity} THEN ${capacity} ELSE "tokens" + (${now} - "at") * ${refillPerMs} END) - 1,
          "at" = ${now}
      WHERE "key" = ${key} AND "tokens" + (${now} - "at") * ${refillPerMs} >= 1`;
  if (taken > 0) return true;
  // no row taken: an empty bucket, or (rarely) one pruned between the two statements
  return (await db.rateLimitBucket.count({ where: { key } })) > 0 ? false : null;
}

/** Deletes the buckets under `prefix` last touched before `before`. */
export async function deleteBucketsIdleSince(db: Db, prefix: string, before: number): Promise<void> {
  await db.rateLimitBucket.deleteMany({ where: { key: { startsWith: prefix }, at: { lt: before } } });
}
