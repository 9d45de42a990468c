/** Audit events: an append-only record of privileged actions. Details never include secrets. */
import type { Db } from "../db.ts";

export interface AuditEntry {
  actorUserId?: string | null;
  actorTokenId?: string | null;
  workspaceId?: string | null;
  action: string;
  target?: string | null;
  details?: Record<string, unknown>;
  ip?: string | null;
}

export async function recordAudit(db: Db, entry: AuditEntry): Promise<void> {
  await db.auditEvent.create({
    data: {
      actorUserId: entry.actorUserId ?? null,
      actorTokenId: entry.actorTokenId ?? null,
      workspaceId: entry.workspaceId ?? null,
      action: entry.action.slice(0, 200),
      target: entry.target?.slice(0, 200) ?? null,
      details: JSON.stringify(entry.details ?? {}).slice(0, 10_000),
      ip: entry.ip?.slice(0, 100) ?? null,
    },
  });
}

export interface AuditFilter {
  actorUserId?: string;
  action?: string;
  from?: Date;
  /** exclusive */
  to?: Date;
  take?: number;
}

/** The newest events of one workspace, or (null) the instance-wide ones that belong to no workspace. */
export function listAuditEvents(db: Db, workspaceId: string | null, filter: AuditFilter = {}) {
  return db.auditEvent.findMany({
    where: {
      workspaceId,
      ...(filter.actorUserId ? { actorUserId: filter.actorUserId } : {}),
      ...(filter.action ? { action: filter.action } : {}),
      ...(filter.from || filter.to
        ? { createdAt: { ...(filter.from ? { gte: filter.from } : {}), ...(filter.to ? { lt: filter.to } : {}) } }
        : {}),
    },
    orderBy: { id: "desc" },
    take: Math.min(filter.take ?? 100, 500),
  });
}

/** Who and what appear in a scope's log at all: the choices of its filters. */
export async function auditFacets(db: Db, workspaceId: string | null) {
  const [actions, actors] = await Promise.all([
    db.auditEvent.findMany({ where: { workspaceId }, distinct: ["action"], select: { action: true } }),
    db.auditEvent.findMany({ where: { workspaceId }, distinct: ["actorUserId"], select: { actorUserId: true } }),
  ]);
  return {
    actions: actions.map((a) => a.action).sort(),
    actorUserIds: actors.map((a) => a.actorUserId).filter((id) => id !== null),
  };
}
