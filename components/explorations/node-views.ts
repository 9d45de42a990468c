/** Pure: tree records (+ live progress) → the canvas's node views. */
import { bestPathIds } from "@/components/tree/tree-layout";
import type { TreeNodeView } from "@/components/tree/tree-visibility";

export interface ViewSource {
  id: string;
  parentId: string | null;
  ordinal: number;
  status: string;
  direction: string;
  plan: {
    title: string;
    repairOf?: { nodeId: string; ordinal: number; failure: string; changes: string[]; by: string };
  };
  score: number | null;
  progress: number;
  reusedFromId: string | null;
  error: string | null;
  /** why a reviewer pruned it (absent or null: not under a prune) */
  pruneReason?: string | null;
}

function repairFields(r: NonNullable<ViewSource["plan"]["repairOf"]>) {
  const by = r.by === "rules" ? "the offline rules" : r.by;
  return {
    repairOfId: r.nodeId,
    repairOfOrdinal: r.ordinal,
    repairSummary: `Repair of #${r.ordinal} (${r.failure.replace(/_/g, " ")}), proposed by ${by}: ${r.changes.join("; ")}`,
  };
}

/** Live progress is not part of a view: the cards read it from the live store (see live-store.ts). */
export function toNodeViews(
  nodes: readonly ViewSource[],
  queue: ReadonlyMap<string, { badge: string; reason: string }> = new Map(),
): TreeNodeView[] {
  const scores = new Map(nodes.map((n) => [n.id, n.score]));
  const best = bestPathIds(nodes);
  return nodes.map((n) => ({
    id: n.id,
    parentId: n.parentId,
    ordinal: n.ordinal,
    status: n.status,
    direction: n.direction,
    title: n.plan.title,
    score: n.score,
    parentScore: n.parentId ? (scores.get(n.parentId) ?? null) : null,
    progress: n.progress,
    reused: n.reusedFromId !== null,
    error: n.error,
    onBestPath: best.has(n.id),
    ...(n.pruneReason ? { pruneReason: n.pruneReason } : {}),
    ...(n.plan.repairOf ? repairFields(n.plan.repairOf) : {}),
    ...(queue.has(n.id) ? { queueBadge: queue.get(n.id)?.badge, queueReason: queue.get(n.id)?.reason } : {}),
  }));
}

/** The next node awaiting review after `currentOrdinal` (wrapping), by ordinal. */
export function nextPending(
  nodes: readonly { id: string; ordinal: number; status: string }[],
  currentOrdinal: number | null,
): string | null {
  const pending = nodes.filter((n) => n.status === "awaiting_review").sort((a, b) => a.ordinal - b.ordinal);
  const after = pending.find((n) => currentOrdinal === null || n.ordinal > currentOrdinal);
  return (after ?? pending[0])?.id ?? null;
}
