/**
 * Pure: what a prune did, read back from its `node.pruned` event, and whether it can still be undone.
 * The event is the one record of a prune (its reason, which nodes it changed and from what); the reason shown
 * on a node and the undo both derive from it, nothing is copied onto the node.
 */
import { prunePayloadSchema, type PrunePayload } from "../../contract/event-types.ts";
import type { NodeStatus } from "../../contract/statuses.ts";

export interface PruneRecord extends PrunePayload {
  /** the node the reviewer pruned (the top of the subtree) */
  nodeId: string;
  at: string;
}

interface PruneEventLike {
  type: string;
  nodeId: string | null;
  payload: unknown;
  createdAt: string;
}

/** The prunes still in force, by the node that was pruned, folded from the events in sequence order. */
export function activePrunes(events: readonly PruneEventLike[]): Map<string, PruneRecord> {
  const active = new Map<string, PruneRecord>();
  for (const e of events) {
    if (!e.nodeId) continue;
    if (e.type === "node.unpruned") active.delete(e.nodeId);
    if (e.type !== "node.pruned") continue;
    const payload = prunePayloadSchema.safeParse(e.payload);
    if (payload.success) active.set(e.nodeId, { ...payload.data, nodeId: e.nodeId, at: e.createdAt });
  }
  return active;
}

/** For each node a prune in force changed: the reason, and which node the reviewer pruned. */
export function pruneReasonsByNode(
  active: ReadonlyMap<string, PruneRecord>,
): Map<string, { reason: string; prunedOrdinal: number }> {
  const byNode = new Map<string, { reason: string; prunedOrdinal: number }>();
  // oldest first, so a node changed by two prunes shows the later one
  const records = [...active.values()].sort((a, b) => a.at.localeCompare(b.at));
  for (const r of records) for (const c of r.changed) byNode.set(c.id, { reason: r.reason, prunedOrdinal: r.ordinal });
  return byNode;
}

interface NodeNow {
  id: string;
  parentId: string | null;
  ordinal: number;
  status: NodeStatus;
}

/**
 * Why this prune can no longer be undone, in a sentence; null when it can. A prune is undone only while nothing
 * under the pruned node has run: no job was stopped by it (a node that was queued or training became cancelled,
 * and its partial run cannot be given back) and no node it changed has moved since.
 */
export function undoPruneProblem(
  record: PruneRecord,
  nodes: readonly NodeNow[],
  explorationStatus: string,
): string | null {
  if (explorationStatus !== "running" && explorationStatus !== "paused")
    return `The exploration is ${explorationStatus}; a prune can be undone only while it is running or paused.`;
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const stopped = record.changed.find((c) => c.to === "cancelled");
  if (stopped) {
    const where = stopped.id === record.nodeId ? "" : ` below #${record.ordinal}`;
    return `This prune cannot be undone: node #${stopped.ordinal}${where} had already been sent to the runner and its job was cancelled. Retry #${stopped.ordinal} instead.`;
  }
  for (const c of record.changed) {
    const now = byId.get(c.id);
    if (now && now.status !== c.to)
      return `This prune cannot be undone: node #${c.ordinal} has changed since (it is now ${now.status.replace("_", " ")}).`;
  }
  for (let up = byId.get(record.nodeId)?.parentId ?? null; up; up = byId.get(up)?.parentId ?? null) {
    const ancestor = byId.get(up);
    if (ancestor?.status === "pruned")
      return `Node #${ancestor.ordinal} above it is pruned too; undo that prune first.`;
  }
  return null;
}
