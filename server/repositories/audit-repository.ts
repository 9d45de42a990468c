/** Audit event rows: appended, never changed. */
import type { Db } from "../db.ts";

export interface AuditEventInsert {
  actorUserId: string | null;
  actorTokenId: string | null;
  workspaceId: string | null;
  action: string;
  target: string | null;
  /** JSON object */
  details: string;
  ip: string | null;
}

export interface AuditFilter {
  actorUserId?: string;
  action?: string;
  from?: Date;
  /** exclusive */
  to?: Date;
  take?: number;
}

export async function insertAuditEvent(db: Db, data: AuditEventInsert): Promise<void> {
  await db.auditEvent.create({ data });
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
