/** API tokens for the CLI and worker callbacks: shown once, stored as SHA-256, scoped, revocable. */
import { createHash, randomBytes } from "node:crypto";
import type { Db } from "../db.ts";
import { tokenScopeSchema, type TokenScope } from "../domain/auth/roles.ts";
import {
  findApiTokenByHash,
  insertApiToken,
  listApiTokensOfUser,
  markApiTokenRevoked,
  markApiTokenUsed,
} from "../repositories/api-token-repository.ts";

const PREFIX = "trex_";

export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export async function createApiToken(
  db: Db,
  userId: string,
  name: string,
  scopes: readonly TokenScope[],
  expiresAt: Date | null = null,
) {
  const token = `${PREFIX}${randomBytes(32).toString("base64url")}`;
  const row = await insertApiToken(db, {
    userId,
    name,
    prefix: token.slice(0, PREFIX.length + 6),
    tokenHash: hashToken(token),
    scopes: JSON.stringify(scopes),
    expiresAt,
  });
  return { ...row, token };
}

export function listApiTokens(db: Db, userId: string) {
  return listApiTokensOfUser(db, userId);
}

/** Revokes one of the user's own tokens; false when there is none by that id. */
export async function revokeApiToken(db: Db, userId: string, id: string): Promise<boolean> {
  return markApiTokenRevoked(db, userId, id, new Date());
}

export interface VerifiedToken {
  tokenId: string;
  userId: string;
  scopes: TokenScope[];
}

export async function verifyApiToken(db: Db, token: string, now: Date = new Date()): Promise<VerifiedToken | null> {
  if (!token.startsWith(PREFIX) || token.length > 200) return null;
  const row = await findApiTokenByHash(db, hashToken(token));
  if (!row || row.revokedAt || (row.expiresAt && row.expiresAt <= now)) return null;
  await markApiTokenUsed(db, row.id, now);
  const scopes = tokenScopeSchema.array().safeParse(JSON.parse(row.scopes));
  return { tokenId: row.id, userId: row.userId, scopes: scopes.success ? scopes.data : [] };
}
