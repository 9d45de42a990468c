/** User rows as sign-in and access checks read them; better-auth itself writes them. */
import type { Db } from "../db.ts";

export function findUserAccess(db: Db, userId: string) {
  return db.user.findUnique({ where: { id: userId }, select: { id: true, email: true, isAdmin: true } });
}

export async function findUserIdByEmail(db: Db, email: string): Promise<string | null> {
  const row = await db.user.findUnique({ where: { email }, select: { id: true } });
  return row?.id ?? null;
}

export async function makeInstanceAdmin(db: Db, userId: string): Promise<void> {
  await db.user.update({ where: { id: userId }, data: { isAdmin: true } });
}

export function countUsers(db: Db): Promise<number> {
  return db.user.count();
}
