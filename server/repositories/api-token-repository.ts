/** API token rows: stored by the SHA-256 of the token, never the token itself. */
import type { Db } from "../db.ts";

export interface ApiTokenInsert {
  userId: string;
  name: string;
  prefix: string;
  tokenHash: string;
  /** JSON array of scopes */
  scopes: string;
  expiresAt: Date | null;
}

export function insertApiToken(db: Db, data: ApiTokenInsert) {
  return db.apiToken.create({ data, select: { id: true, prefix: true } });
}

export function listApiTokensOfUser(db: Db, userId: string) {
  return db.apiToken.findMany({
    where: { userId },
    select: {
      id: true,
      name: true,
      prefix: true,
      scopes: true,
      createdAt: true,
      lastUsedAt: true,
      expiresAt: true,
      revokedAt: true,
    },
    orderBy: { createdAt: "desc" },
  });
}

/** Marks one of the user's own live tokens revoked; false when there is none by that id. */
export async function markApiTokenRevoked(db: Db, userId: string, id: string, at: Date): Promise<boolean> {
  const r = await db.apiToken.updateMany({ where: { id, userId, revokedAt: null }, data: { revokedAt: at } });
  return r.count > 0;
}

export function findApiTokenByHash(db: Db, tokenHash: string) {
  return db.apiToken.findUnique({
    where: { tokenHash },
    select: { id: true, userId: true, scopes: true, revokedAt: true, expiresAt: true },
  });
}

export async function markApiTokenUsed(db: Db, id: string, at: Date): Promise<void> {
  await db.apiToken.update({ where: { id }, data: { lastUsedAt: at } });
}
