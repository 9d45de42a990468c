/**
 * Pure: the tree as the server last returned it, plus the events that arrived since, folded in order.
 * Events carry enough (status, score, progress, titles) to update the canvas at once; a refetch then
 * brings the full records and supersedes the fold (its lastSeq covers them). Events never carry test
 * scores: they come with the refetched tree once the exploration ends or a reviewer reveals them.
 */
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";
import type { ExplorationEvent } from "@/server/contract/event-types";

export type TreeData = inferRouterOutputs<AppRouter>["exploration"]["tree"];
export type TreeChanges = inferRouterOutputs<AppRouter>["exploration"]["treeChanges"];
export type TreeNodeRecord = TreeData["nodes"][number];
type ExplorationRecord = TreeData["exploration"];

type EventOf<K extends ExplorationEvent["type"]> = Extract<ExplorationEvent, { type: K }>;

function placeholderNode(data: TreeData, e: EventOf<"node.created">): TreeNodeRecord | null {
  const { parentId, ordinal, round, direction, title, repairOf } = e.payload;
  if (e.nodeId === null) return null;
  const parent = data.nodes.find((n) => n.id === parentId);
  const root = data.nodes.find((n) => n.parentId === null);
  const template = parent ?? root;
  if (!template) return null;
  const at = new Date(e.createdAt);
  return {
    ...template,
    id: e.nodeId,
    parentId,
    ordinal,
    round,
    direction: direction as TreeNodeRecord["direction"],
    plan: { title: title || `node #${ordinal}`, rationale: "", hypotheses: [], ...(repairOf ? { repairOf } : {}) },
    status: "proposed",
    metrics: null,
    score: null,
    testScore: null,
    report: null,
    progress: 0,
    computeSeconds: 0,
    tokens: 0,
    checkpoint: null,
    reusedFromId: null,
    pruneReason: null,
    prunedWith: null,
    error: null,
    version: 0,
    createdAt: at,
    updatedAt: at,
  };
}

function patchNode(
  nodes: TreeNodeRecord[],
  id: string | null,
  patch: (n: TreeNodeRecord) => TreeNodeRecord,
): TreeNodeRecord[] {
  const i = nodes.findIndex((n) => n.id === id);
  const node = nodes[i];
  if (!node) return nodes;
  const copy = nodes.slice();
  copy[i] = patch(node);
  return copy;
}

function applyToExploration(x: ExplorationRecord, e: ExplorationEvent): ExplorationRecord {
  if (e.type === "exploration.status") return { ...x, status: e.payload.to, stopReason: e.payload.reason };
  if (e.type === "exploration.budget") return { ...x, budget: { ...x.budget, ...e.payload.budget } };
  return x;
}

export function applyEvent(data: TreeData, e: ExplorationEvent): TreeData {
  if (e.explorationId !== data.exploration.id) return data;
  let nodes = data.nodes;
  switch (e.type) {
    case "node.created": {
      if (nodes.some((n) => n.id === e.nodeId)) break;
      const created = placeholderNode(data, e);
      if (created) nodes = [...nodes, created];
      break;
    }
    case "node.status": {
      const p = e.payload;
      nodes = patchNode(nodes, e.nodeId, (n) => ({
        ...n,
        status: p.to,
        score: p.score,
        error: p.error,
        reusedFromId: p.reusedFromId,
        progress: p.progress,
      }));
      break;
    }
    case "node.result": {
      const p = e.payload;
      nodes = patchNode(nodes, e.nodeId, (n) => ({
        ...n,
        score: p.score ?? n.score,
        computeSeconds: p.computeSeconds,
      }));
      break;
    }
    case "node.pruned": {
      const { reason, ordinal } = e.payload;
      const changed = new Set(e.payload.changed.map((c) => c.id));
      nodes = nodes.map((n) => (changed.has(n.id) ? { ...n, pruneReason: reason, prunedWith: ordinal } : n));
      break;
    }
    case "node.unpruned": {
      const { ordinal } = e.payload;
      nodes = nodes.map((n) => (n.prunedWith === ordinal ? { ...n, pruneReason: null, prunedWith: null } : n));
      break;
    }
    case "node.edited": {
      const { title } = e.payload;
      nodes = patchNode(nodes, e.nodeId, (n) => ({ ...n, plan: title ? { ...n.plan, title } : n.plan }));
      break;
    }
    default:
      break;
  }
  const exploration = applyToExploration(data.exploration, e);
  return { ...data, exploration, nodes, lastSeq: Math.max(data.lastSeq, e.seq) };
}

/** The server's tree with every buffered event it does not cover yet, in sequence order. */
export function foldEvents(data: TreeData, events: readonly ExplorationEvent[]): TreeData {
  const fresh = events.filter((e) => e.seq > data.lastSeq).sort((a, b) => a.seq - b.seq);
  return fresh.reduce(applyEvent, data);
}

/**
 * The tree read earlier with the nodes written since merged in (`exploration.treeChanges`); null when they do not
 * fit it (a node it never saw is missing from both, or the test seal changed): then read the tree in full.
 */
export function mergeTreeChanges(data: TreeData, changes: TreeChanges): TreeData | null {
  if (changes.exploration.testScoresSealed !== data.exploration.testScoresSealed) return null;
  const changed = new Map(changes.nodes.map((n) => [n.id, n]));
  const known = new Set(data.nodes.map((n) => n.id));
  const added = changes.nodes.filter((n) => !known.has(n.id));
  const kept = data.nodes.map((n) => changed.get(n.id) ?? n);
  const nodes = added.length > 0 ? [...kept, ...added].sort((a, b) => a.ordinal - b.ordinal) : kept;
  if (nodes.length !== changes.nodeCount) return null;
  return {
    exploration: changes.exploration,
    nodes,
    lastSeq: Math.max(data.lastSeq, changes.lastSeq),
    asOf: changes.asOf,
  };
}

/** Merges new events into a buffer: unique by seq, ordered, the newest `keep` retained. */
export function mergeEvents(
  buffer: readonly ExplorationEvent[],
  incoming: readonly ExplorationEvent[],
  keep = 400,
): ExplorationEvent[] {
  const bySeq = new Map<number, ExplorationEvent>();
  for (const e of buffer) bySeq.set(e.seq, e);
  for (const e of incoming) bySeq.set(e.seq, e);
  const merged = [...bySeq.values()].sort((a, b) => a.seq - b.seq);
  return merged.length > keep ? merged.slice(merged.length - keep) : merged;
}
