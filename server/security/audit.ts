/** Audit events: an append-only record of privileged actions. Details never include secrets. */
import type { Db } from "../db.ts";
import { insertAuditEvent } from "../repositories/audit-repository.ts";

export interface AuditEntry {
  actorUserId?: string | null;
  actorTokenId?: string | null;
  workspaceId?: string | null;
  action: string;
  target?: string | null;
  details?: Record<string, unknown>;
  ip?: string | null;
}

/** Stores one event, each field cut to its column's length. */
export async function recordAudit(db: Db, entry: AuditEntry): Promise<void> {
  await insertAuditEvent(db, {
    actorUserId: entry.actorUserId ?? null,
    actorTokenId: entry.actorTokenId ?? null,
    workspaceId: entry.workspaceId ?? null,
    action: entry.action.slice(0, 200),
    target: entry.target?.slice(0, 200) ?? null,
    details: JSON.stringify(entry.details ?? {}).slice(0, 10_000),
    ip: entry.ip?.slice(0, 100) ?? null,
  });
}
