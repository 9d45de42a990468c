/**
 * Pure: tidy-tree positions for the exploration tree (d3-hierarchy, O(n)). Positions depend only on the
 * tree's shape, so a status change or a progress tick never recomputes them (see `layoutKey`).
 */
import { stratify, tree } from "d3-hierarchy";

export const NODE_WIDTH = 232;
export const NODE_HEIGHT = 100;
const GAP_X = 28;
const GAP_Y = 64;

export interface TreeShapeRow {
  id: string;
  parentId: string | null;
}

export interface Position {
  x: number;
  y: number;
}

export interface TreeLayout {
  positions: Map<string, Position>;
  /** ids in depth-first (pre-order) order: the root first, then each subtree */
  order: string[];
}

/** A string that changes exactly when the shape changes; layouts are cached on it. */
export function layoutKey(rows: readonly TreeShapeRow[]): string {
  let key = "";
  for (const r of rows) key += `${r.id}<${r.parentId ?? ""};`;
  return key;
}

export function layoutTree(rows: readonly TreeShapeRow[]): TreeLayout {
  if (rows.length === 0) return { positions: new Map(), order: [] };
  const ids = new Set(rows.map((r) => r.id));
  // orphans (parent filtered out or not loaded yet) hang off the root instead of breaking the layout
  const rootId = rows.find((r) => r.parentId === null)?.id ?? rows[0]?.id ?? "";
  const root = stratify<TreeShapeRow>()
    .id((d) => d.id)
    .parentId((d) => (d.id === rootId ? null : d.parentId !== null && ids.has(d.parentId) ? d.parentId : rootId))([...rows]);
  tree<TreeShapeRow>().nodeSize([NODE_WIDTH + GAP_X, NODE_HEIGHT + GAP_Y])(root);
  const positions = new Map<string, Position>();
  const order: string[] = [];
  root.eachBefore((d) => {
    positions.set(d.data.id, { x: d.x ?? 0, y: d.y ?? 0 });
    order.push(d.data.id);
  });
  return { positions, order };
}

/** Ids on the path from the root to the best-scoring succeeded node. */
export function bestPathIds(rows: readonly { id: string; parentId: string | null; status: string; score: number | null }[]): Set<string> {
  let best: (typeof rows)[number] | undefined;
  for (const r of rows) if (r.status === "succeeded" && r.score !== null && (!best || r.score > (best.score ?? -1))) best = r;
  const byId = new Map(rows.map((r) => [r.id, r]));
  const path = new Set<string>();
  let cur = best;
  while (cur && !path.has(cur.id)) {
    path.add(cur.id);
    cur = cur.parentId ? byId.get(cur.parentId) : undefined;
  }
  return path;
}
