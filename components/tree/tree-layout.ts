/** Pure: the exploration tree → React Flow nodes and edges with a tidy-tree layout (d3-hierarchy, O(n)). */
import { stratify, tree } from "d3-hierarchy";
import type { Edge, Node } from "@xyflow/react";

// a type alias, not an interface: React Flow wants node data indexable
export type TreeNodeView = {
  id: string;
  parentId: string | null;
  ordinal: number;
  status: string;
  direction: string;
  title: string;
  score: number | null;
  parentScore: number | null;
  progress: number;
  reused: boolean;
  error: string | null;
  onBestPath: boolean;
};

export type ExperimentNode = Node<TreeNodeView, "experiment">;

export const NODE_WIDTH = 220;
export const NODE_HEIGHT = 92;
const GAP_X = 24;
const GAP_Y = 56;

export function layoutTree(views: readonly TreeNodeView[]): { nodes: ExperimentNode[]; edges: Edge[] } {
  if (views.length === 0) return { nodes: [], edges: [] };
  const ids = new Set(views.map((v) => v.id));
  // orphans (parent not loaded yet) hang off the root instead of breaking the layout
  const rootId = views.find((v) => v.parentId === null)?.id ?? views[0]?.id;
  const rows = views.map((v) => ({ ...v, parentId: v.parentId === null || ids.has(v.parentId) ? v.parentId : (rootId ?? null) }));
  const root = stratify<TreeNodeView>()
    .id((d) => d.id)
    .parentId((d) => (d.id === rootId ? null : d.parentId))(rows);
  tree<TreeNodeView>().nodeSize([NODE_WIDTH + GAP_X, NODE_HEIGHT + GAP_Y])(root);
  const nodes: ExperimentNode[] = [];
  const edges: Edge[] = [];
  for (const d of root.descendants()) {
    nodes.push({ id: d.data.id, type: "experiment", position: { x: d.x ?? 0, y: d.y ?? 0 }, data: d.data, width: NODE_WIDTH, height: NODE_HEIGHT });
    if (d.parent) {
      edges.push({
        id: `${d.parent.data.id}-${d.data.id}`,
        source: d.parent.data.id,
        target: d.data.id,
        animated: d.data.status === "running",
        style: d.data.onBestPath ? { stroke: "#059669", strokeWidth: 2.5 } : undefined,
      });
    }
  }
  return { nodes, edges };
}

/** Ids on the path from the root to the best-scoring node. */
export function bestPathIds(rows: readonly { id: string; parentId: string | null; status: string; score: number | null }[]): Set<string> {
  let best: (typeof rows)[number] | undefined;
  for (const r of rows) if (r.status === "succeeded" && r.score !== null && (!best || r.score > (best.score ?? -1))) best = r;
  const byId = new Map(rows.map((r) => [r.id, r]));
  const path = new Set<string>();
  let cur = best;
  while (cur) {
    path.add(cur.id);
    cur = cur.parentId ? byId.get(cur.parentId) : undefined;
  }
  return path;
}
