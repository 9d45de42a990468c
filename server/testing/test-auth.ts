/** Users, workspaces and authenticated tRPC contexts for tests, written straight to the test database. */
import { randomBytes } from "node:crypto";
import type { Context } from "../api/trpc.ts";
import { principalOfUser } from "../auth/principal.ts";
import type { Db } from "../db.ts";
import type { Role } from "../domain/auth/roles.ts";

export interface TestUser {
  userId: string;
  email: string;
}

export async function createTestUser(
  db: Db,
  opts: { workspaceId?: string; role?: Role; isAdmin?: boolean } = {},
): Promise<TestUser> {
  const suffix = randomBytes(5).toString("hex");
  const user = await db.user.create({
    data: {
      id: `user_${suffix}`,
      name: `Test ${suffix}`,
      email: `test-${suffix}@example.test`,
      isAdmin: opts.isAdmin ?? false,
    },
  });
  if (opts.role) {
    const workspaceId = opts.workspaceId ?? "default";
    await db.workspace.upsert({
      where: { id: workspaceId },
      create: { id: workspaceId, name: workspaceId, slug: workspaceId },
      update: {},
    });
    await db.membership.create({ data: { workspaceId, userId: user.id, role: opts.role } });
  }
  return { userId: user.id, email: user.email };
}

export async function contextFor(db: Db, user: TestUser): Promise<Context> {
  return { db, principal: await principalOfUser(db, user.userId, null, null), ip: "127.0.0.1" };
}

/** A context for a fresh user with `role` in the workspace (the default one unless named). */
export async function authedContext(db: Db, role: Role = "admin", workspaceId = "default"): Promise<Context> {
  return contextFor(db, await createTestUser(db, { role, workspaceId }));
}
