/**
 * Workspaces as the access checks and the account pages see them: which workspace a resource lies in,
 * which explorations of a list a caller may see, and a workspace's members.
 */
import type { Db } from "../db.ts";
import type { Role } from "../domain/auth/roles.ts";
import { NotFoundError } from "../domain/errors.ts";
import { findJob } from "../repositories/job-repository.ts";
import {
  createWorkspace as insertWorkspace,
  existingWorkspace,
  explorationIdsInWorkspaces,
  findUserByEmail,
  listMembers,
  listWorkspacesOf,
  removeMembership,
  setMembership,
  workspaceOfDataset,
  workspaceOfExploration,
  workspaceOfNode,
} from "../repositories/workspace-repository.ts";

/** The workspace each kind of resource lies in (null: no such resource). */
export const workspaceOfResource = {
  exploration: workspaceOfExploration,
  node: workspaceOfNode,
  dataset: workspaceOfDataset,
  workspace: existingWorkspace,
} satisfies Record<string, (db: Db, id: string) => Promise<string | null>>;

export async function workspaceOfJob(db: Db, jobId: string): Promise<string | null> {
  const job = await findJob(db, jobId);
  return job ? workspaceOfNode(db, job.nodeId) : null;
}

/** The explorations of `all` that lie in one of `workspaceIds`, in their order. */
export async function keepInWorkspaces<T extends { id: string }>(
  db: Db,
  all: readonly T[],
  workspaceIds: readonly string[],
): Promise<T[]> {
  const visible = await explorationIdsInWorkspaces(
    db,
    all.map((e) => e.id),
    workspaceIds,
  );
  return all.filter((e) => visible.has(e.id));
}

/** The caller's workspaces with their role there (an instance admin sees every workspace, as admin). */
export async function workspacesOf(db: Db, user: { userId: string; isAdmin: boolean }) {
  return (await listWorkspacesOf(db, user.userId, user.isAdmin)).map((w) => ({
    id: w.id,
    name: w.name,
    slug: w.slug,
    role: user.isAdmin ? "admin" : (w.memberships[0]?.role ?? "viewer"),
  }));
}

export const createWorkspace = (db: Db, name: string, slug: string, ownerId: string) =>
  insertWorkspace(db, name, slug, ownerId);

export async function membersOf(db: Db, workspaceId: string) {
  return (await listMembers(db, workspaceId)).map((m) => ({
    userId: m.user.id,
    email: m.user.email,
    role: m.role,
    since: m.createdAt,
  }));
}

/** Gives the user with this e-mail `role` in the workspace; they must have signed up. */
export async function setMemberByEmail(db: Db, workspaceId: string, email: string, role: Role) {
  const user = await findUserByEmail(db, email);
  if (!user) throw new NotFoundError("no user with that email; ask them to sign up first");
  await setMembership(db, workspaceId, user.id, role);
  return { userId: user.id, role };
}

export const removeMember = (db: Db, workspaceId: string, userId: string) => removeMembership(db, workspaceId, userId);
