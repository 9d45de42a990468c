/** Workspace roles, ordered: each role may do everything the ones before it may. */
import { z } from "zod";

export const ROLES = ["viewer", "reviewer", "admin"] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

/** API token scopes cap the role of the token's user: read → viewer, review → reviewer, admin → admin. */
export const TOKEN_SCOPES = ["read", "review", "admin"] as const;
export const tokenScopeSchema = z.enum(TOKEN_SCOPES);
export type TokenScope = z.infer<typeof tokenScopeSchema>;

const rank: Record<Role, number> = { viewer: 0, reviewer: 1, admin: 2 };
const scopeRole: Record<TokenScope, Role> = { read: "viewer", review: "reviewer", admin: "admin" };

export function parseRole(value: string): Role | null {
  const parsed = roleSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

export function roleAtLeast(role: Role, required: Role): boolean {
  return rank[role] >= rank[required];
}

export function lowerRole(a: Role, b: Role): Role {
  return rank[a] <= rank[b] ? a : b;
}

/** The highest role a set of token scopes allows; null when it allows nothing. */
export function roleCapOfScopes(scopes: readonly TokenScope[]): Role | null {
  let best: Role | null = null;
  for (const s of scopes) {
    const r = scopeRole[s];
    if (!best || rank[r] > rank[best]) best = r;
  }
  return best;
}
