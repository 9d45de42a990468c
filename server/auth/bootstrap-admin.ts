/** On start: the first administrator from TREX_ADMIN_EMAIL / TREX_ADMIN_PASSWORD, admin of the default workspace. */
import type { Db } from "../db.ts";
import { setMembership } from "../repositories/workspace-repository.ts";
import { recordAudit } from "../security/audit.ts";
import type { Auth } from "./auth.ts";

export async function ensureAdmin(
  db: Db,
  auth: Auth,
  email: string | undefined,
  password: string | undefined,
): Promise<"created" | "exists" | "skipped"> {
  if (!email || !password) return "skipped";
  const normalized = email.trim().toLowerCase();
  let user = await db.user.findUnique({ where: { email: normalized }, select: { id: true } });
  const existed = Boolean(user);
  if (!user) {
    const created = await auth.api.signUpEmail({ body: { email: normalized, password, name: "Administrator" } });
    user = { id: created.user.id };
  }
  await db.user.update({ where: { id: user.id }, data: { isAdmin: true } });
  await db.workspace.upsert({
    where: { id: "default" },
    create: { id: "default", name: "Default", slug: "default" },
    update: {},
  });
  await setMembership(db, "default", user.id, "admin");
  if (!existed)
    await recordAudit(db, {
      actorUserId: user.id,
      workspaceId: "default",
      action: "admin.bootstrap",
      target: normalized,
    });
  return existed ? "exists" : "created";
}
