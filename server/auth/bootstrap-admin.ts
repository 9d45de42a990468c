/** On start: the first administrator from TREX_ADMIN_EMAIL / TREX_ADMIN_PASSWORD, admin of the default workspace. */
import type { Db } from "../db.ts";
import { findUserIdByEmail, makeInstanceAdmin } from "../repositories/user-repository.ts";
import { ensureWorkspace, setMembership } from "../repositories/workspace-repository.ts";
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
  const found = await findUserIdByEmail(db, normalized);
  const existed = found !== null;
  const userId =
    found ?? (await auth.api.signUpEmail({ body: { email: normalized, password, name: "Administrator" } })).user.id;
  await makeInstanceAdmin(db, userId);
  await ensureWorkspace(db, "default", "Default", "default");
  await setMembership(db, "default", userId, "admin");
  if (!existed)
    await recordAudit(db, {
      actorUserId: userId,
      workspaceId: "default",
      action: "admin.bootstrap",
      target: normalized,
    });
  return existed ? "exists" : "created";
}
