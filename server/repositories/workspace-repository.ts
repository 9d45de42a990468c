/** Which workspace a resource belongs to, and membership changes. */
import type { Db } from "../db.ts";
import type { Role } from "../domain/auth/roles.ts";

export async function workspaceOfExploration(db: Db, explorationId: string): Promise<string | null> {
  const row = await db.exploration.findUnique({ where: { id: explorationId }, select: { workspaceId: true } });
  return row?.workspaceId ?? null;
}

export async function workspaceOfNode(db: Db, nodeId: string): Promise<string | null> {
  const row = await db.node.findUnique({
    where: { id: nodeId },
    select: { exploration: { select: { workspaceId: true } } },
  });
  return row?.exploration.workspaceId ?? null;
}

export async function workspaceOfDataset(db: Db, datasetId: string): Promise<string | null> {
  const row = await db.dataset.findUnique({ where: { id: datasetId }, select: { workspaceId: true } });
  return row?.workspaceId ?? null;
}

/** A workspace's own id when it exists (the resolver for procedures that act on a workspace itself). */
export async function existingWorkspace(db: Db, workspaceId: string): Promise<string | null> {
  const row = await db.workspace.findUnique({ where: { id: workspaceId }, select: { id: true } });
  return row?.id ?? null;
}

/** The subset of `explorationIds` that lie in the given workspaces. */
export async function explorationIdsInWorkspaces(
  db: Db,
  explorationIds: readonly string[],
  workspaceIds: readonly string[],
): Promise<Set<string>> {
  const rows = await db.exploration.findMany({
    where: { id: { in: [...explorationIds] }, workspaceId: { in: [...workspaceIds] } },
    select: { id: true },
  });
  return new Set(rows.map((r) => r.id));
}

export function listWorkspacesOf(db: Db, userId: string, isAdmin: boolean) {
  return db.workspace.findMany({
    where: isAdmin ? {} : { memberships: { some: { userId } } },
    select: { id: true, name: true, slug: true, memberships: { where: { userId }, select: { role: true } } },
    orderBy: { createdAt: "asc" },
  });
}

export async function createWorkspace(db: Db, name: string, slug: string, ownerId: string) {
  return db.workspace.create({
    data: { name, slug, memberships: { create: { userId: ownerId, role: "admin" } } },
    select: { id: true, name: true, slug: true },
  });
}

export async function setMembership(db: Db, workspaceId: string, userId: string, role: Role): Promise<void> {
  await db.membership.upsert({
    where: { workspaceId_userId: { workspaceId, userId } },
    create: { workspaceId, userId, role },
    update: { role },
  });
}

export async function removeMembership(db: Db, workspaceId: string, userId: string): Promise<void> {
  await db.membership.deleteMany({ where: { workspaceId, userId } });
}

export function findUserByEmail(db: Db, email: string) {
  return db.user.findUnique({ where: { email: email.toLowerCase() }, select: { id: true, email: true } });
}

export function listMembers(db: Db, workspaceId: string) {
  return db.membership.findMany({
    where: { workspaceId },
    select: { role: true, createdAt: true, user: { select: { id: true, email: true, name: true } } },
    orderBy: { createdAt: "asc" },
  });
}

/** The stored role of a member, or null when the user is not one. */
export async function findMembershipRole(db: Db, workspaceId: string, userId: string): Promise<string | null> {
  const m = await db.membership.findUnique({
    where: { workspaceId_userId: { workspaceId, userId } },
    select: { role: true },
  });
  return m?.role ?? null;
}

/** Every workspace's id (`userId` null) or those the user is a member of, oldest first, always in the same order. */
export async function workspaceIdsOldestFirst(db: Db, userId: string | null): Promise<string[]> {
  if (userId === null)
    return (await db.workspace.findMany({ select: { id: true }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] })).map(
      (w) => w.id,
    );
  const rows = await db.membership.findMany({
    where: { userId },
    select: { workspaceId: true },
    orderBy: [{ workspace: { createdAt: "asc" } }, { workspaceId: "asc" }],
  });
  return rows.map((m) => m.workspaceId);
}

/** Creates the workspace with this id unless it exists. */
export async function ensureWorkspace(db: Db, id: string, name: string, slug: string): Promise<void> {
  await db.workspace.upsert({ where: { id }, create: { id, name, slug }, update: {} });
}
