/** The audit log as its page shows it: readable actors and targets, filters by actor / action / date, repeats grouped. */
import type { Db } from "../db.ts";
import {
  actionLabel,
  describeActor,
  describeTarget,
  groupRepeats,
  targetKindOf,
  type AuditNames,
} from "../domain/audit/audit-lines.ts";
import { findAuditNames } from "../repositories/audit-target-repository.ts";
import { auditFacets, listAuditEvents, type AuditFilter } from "../repositories/audit-repository.ts";

function detailsOf(raw: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(raw);
    return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

/** One workspace's log, or (null, instance administrators only) the events that belong to no workspace. */
export async function getAuditLog(db: Db, workspaceId: string | null, filter: AuditFilter) {
  const [rows, facets] = await Promise.all([listAuditEvents(db, workspaceId, filter), auditFacets(db, workspaceId)]);
  const events = rows.map((r) => {
    const details = detailsOf(r.details);
    return { ...r, details, kind: targetKindOf(r.action, details) };
  });
  const targetsOf = (kind: string) => events.filter((e) => e.kind === kind && e.target).map((e) => e.target ?? "");
  const found = await findAuditNames(db, {
    users: [...new Set([...events.map((e) => e.actorUserId ?? ""), ...facets.actorUserIds])].filter(Boolean),
    tokens: [...events.map((e) => e.actorTokenId ?? ""), ...targetsOf("apiToken")].filter(Boolean),
    explorations: targetsOf("exploration"),
    nodes: targetsOf("node"),
    datasets: targetsOf("dataset"),
    workspaces: targetsOf("workspace"),
  });
  const names: AuditNames = {
    users: new Map(found.users.map((u) => [u.id, u.email])),
    tokens: new Map(found.tokens.map((t) => [t.id, { name: t.name, prefix: t.prefix }])),
    explorations: new Map(found.explorations.map((x) => [x.id, x.title])),
    nodes: new Map(
      found.nodes.map((n) => [
        n.id,
        { ordinal: n.ordinal, explorationId: n.explorationId, explorationTitle: n.exploration.title },
      ]),
    ),
    datasets: new Map(found.datasets.map((d) => [d.id, d.name])),
    workspaces: new Map(found.workspaces.map((w) => [w.id, w.name])),
  };
  const lines = events.map((e) => ({
    id: e.id,
    at: e.createdAt,
    action: e.action,
    verb: actionLabel(e.action),
    actorUserId: e.actorUserId,
    actor: describeActor(e.actorUserId, e.actorTokenId, names),
    target: describeTarget(e.kind, e.target, names),
    reason: typeof e.details.reason === "string" ? e.details.reason : null,
    ip: e.ip,
  }));
  return {
    events: groupRepeats(lines),
    actors: facets.actorUserIds.map((id) => ({ userId: id, email: names.users.get(id) ?? id })),
    actions: facets.actions.map((a) => ({ action: a, label: actionLabel(a) })),
  };
}
