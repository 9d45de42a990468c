/** Who is calling: from the session cookie (better-auth) or an API token, and what they may do per workspace. */
import type { Db } from "../db.ts";
import { lowerRole, parseRole, roleAtLeast, roleCapOfScopes, type Role } from "../domain/auth/roles.ts";
import { findUserAccess } from "../repositories/user-repository.ts";
import { findMembershipRole, workspaceIdsOldestFirst } from "../repositories/workspace-repository.ts";
import { verifyApiToken } from "./api-tokens.ts";
import { getAuth } from "./auth.ts";

export interface Principal {
  userId: string;
  email: string;
  isAdmin: boolean;
  /** set when the caller used an API token */
  tokenId: string | null;
  /** the highest role the token's scopes allow; null for a session (no cap) */
  roleCap: Role | null;
}

export async function principalFromHeaders(db: Db, headers: Headers): Promise<Principal | null> {
  const bearer = /^Bearer\s+(\S+)$/i.exec(headers.get("authorization") ?? "")?.[1];
  if (bearer) return principalFromToken(db, bearer);
  if (!headers.get("cookie")) return null;
  const session = await getAuth().api.getSession({ headers });
  if (!session) return null;
  return principalOfUser(db, session.user.id, null, null);
}

export async function principalFromToken(db: Db, token: string): Promise<Principal | null> {
  const verified = await verifyApiToken(db, token);
  if (!verified) return null;
  const cap = roleCapOfScopes(verified.scopes);
  if (!cap) return null;
  return principalOfUser(db, verified.userId, verified.tokenId, cap);
}

export async function principalOfUser(
  db: Db,
  userId: string,
  tokenId: string | null,
  roleCap: Role | null,
): Promise<Principal | null> {
  const user = await findUserAccess(db, userId);
  return user ? { userId: user.id, email: user.email, isAdmin: user.isAdmin, tokenId, roleCap } : null;
}

/** The caller's role in a workspace, or null when not a member. Instance admins are admins everywhere. */
export async function roleInWorkspace(db: Db, p: Principal, workspaceId: string): Promise<Role | null> {
  let role: Role | null = p.isAdmin ? "admin" : null;
  if (!role) {
    const stored = await findMembershipRole(db, workspaceId, p.userId);
    role = stored === null ? null : parseRole(stored);
  }
  return role && p.roleCap ? lowerRole(role, p.roleCap) : role;
}

/** Workspaces the caller may read. */
export async function readableWorkspaceIds(db: Db, p: Principal): Promise<string[]> {
  // oldest first: a call that leaves its workspace out lands in the caller's first one, always the same
  return workspaceIdsOldestFirst(db, p.isAdmin ? null : p.userId);
}

/** Of `candidates` (default: every workspace the caller may read), those where the caller has at least `required`. */
export async function workspacesWithRole(
  db: Db,
  p: Principal,
  required: Role,
  candidates?: readonly string[],
): Promise<string[]> {
  const ids = candidates ?? (await readableWorkspaceIds(db, p));
  const roles = await Promise.all(ids.map((w) => roleInWorkspace(db, p, w)));
  return ids.filter((_, i) => {
    const r = roles[i];
    return r !== null && r !== undefined && roleAtLeast(r, required);
  });
}

/** The instance-level admin check (runners, secrets), capped by token scopes. */
export function isInstanceAdmin(p: Principal): boolean {
  return p.isAdmin && (p.roleCap === null || p.roleCap === "admin");
}
