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
export type TreeNodeRecord = TreeData["nodes"][number];
type ExplorationRecord = TreeData["exploration"];

const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) ? v : undefined);
const numOrNull = (v: unknown): number | null | undefined => (v === null ? null : num(v));
const strOrNull = (v: unknown): string | null | undefined => (v === null ? null : str(v));
const obj = (v: unknown): Record<string, unknown> | undefined =>
  typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;

function placeholderNode(data: TreeData, e: ExplorationEvent): TreeNodeRecord | null {
  const p = e.payload;
  const parentId = strOrNull(p.parentId);
  const ordinal = num(p.ordinal);
  if (e.nodeId === null || parentId === undefined || ordinal === undefined) return null;
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
    round: num(p.round) ?? template.round + 1,
    direction: (str(p.direction) ?? "manual") as TreeNodeRecord["direction"],
    plan: { title: str(p.title) ?? `node #${ordinal}`, rationale: "", hypotheses: [] },
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
  if (e.type === "exploration.status") {
    const to = str(e.payload.to);
    return to
      ? { ...x, status: to as ExplorationRecord["status"], stopReason: strOrNull(e.payload.reason) ?? null }
      : x;
  }
  if (e.type === "exploration.budget") {
    const budget = obj(e.payload.budget);
    return budget ? { ...x, budget: { ...x.budget, ...budget } } : x;
  }
  return x;
}

export function applyEvent(data: TreeData, e: ExplorationEvent): TreeData {
  if (e.explorationId !== data.exploration.id) return data;
  const p = e.payload;
  let nodes = data.nodes;
  switch (e.type) {
    case "node.created": {
      if (nodes.some((n) => n.id === e.nodeId)) break;
      const created = placeholderNode(data, e);
      if (created) nodes = [...nodes, created];
      break;
    }
    case "node.status": {
      const to = str(p.to);
      if (!to) break;
      nodes = patchNode(nodes, e.nodeId, (n) => ({
        ...n,
        status: to as TreeNodeRecord["status"],
        score: numOrNull(p.score) ?? (p.score === null ? null : n.score),
        error: strOrNull(p.error) !== undefined ? (strOrNull(p.error) ?? null) : n.error,
        reusedFromId: strOrNull(p.reusedFromId) !== undefined ? (strOrNull(p.reusedFromId) ?? null) : n.reusedFromId,
        progress: num(p.progress) ?? n.progress,
      }));
      break;
    }
    case "node.result":
      nodes = patchNode(nodes, e.nodeId, (n) => ({
        ...n,
        score: numOrNull(p.score) ?? n.score,
        computeSeconds: num(p.computeSeconds) ?? n.computeSeconds,
      }));
      break;
    case "node.pruned": {
      const reason = str(p.reason);
      const ordinal = num(p.ordinal);
      const changed = new Set(
        (Array.isArray(p.changed) ? p.changed : []).map((c) => str(obj(c)?.id)).filter((x) => x !== undefined),
      );
      if (reason === undefined || ordinal === undefined) break;
      nodes = nodes.map((n) => (changed.has(n.id) ? { ...n, pruneReason: reason, prunedWith: ordinal } : n));
      break;
    }
    case "node.unpruned": {
      const ordinal = num(p.ordinal);
      nodes = nodes.map((n) => (n.prunedWith === ordinal ? { ...n, pruneReason: null, prunedWith: null } : n));
      break;
    }
    case "node.edited": {
      const title = str(p.title);
      nodes = patchNode(nodes, e.nodeId, (n) => ({ ...n, plan: title ? { ...n.plan, title } : n.plan }));
      break;
    }
    default:
      break;
  }
  const exploration = applyToExploration(data.exploration, e);
  return { exploration, nodes, lastSeq: Math.max(data.lastSeq, e.seq) };
}

/** The server's tree with every buffered event it does not cover yet, in sequence order. */
export function foldEvents(data: TreeData, events: readonly ExplorationEvent[]): TreeData {
  const fresh = events.filter((e) => e.seq > data.lastSeq).sort((a, b) => a.seq - b.seq);
  return fresh.reduce(applyEvent, data);
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
