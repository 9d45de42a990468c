/**
 * Pure: visible rows + layout → React Flow nodes and edges. Unchanged nodes and edges keep their object
 * identity from the previous call, so React Flow re-renders only what changed (a progress tick touches one
 * node, not five thousand).
 */
import { Position, type Edge, type Node, type NodeHandle } from "@xyflow/react";
import { INDENT, NODE_HEIGHT, NODE_WIDTH, type Orientation, type TreeLayout } from "./tree-layout";
import type { VisibleNode } from "./tree-visibility";

export type ExperimentNode = Node<VisibleNode, "experiment">;

export interface FlowElements {
  nodes: ExperimentNode[];
  edges: Edge[];
  byId: Map<string, ExperimentNode>;
  edgeById: Map<string, Edge>;
}

export const EMPTY_FLOW: FlowElements = { nodes: [], edges: [], byId: new Map(), edgeById: new Map() };

function sameData(a: VisibleNode, b: VisibleNode): boolean {
  if (a.picked !== b.picked) return false;
  const keys = Object.keys(a) as (keyof VisibleNode)[];
  // optional fields (a queue badge) come and go: a key only one side has is a change
  if (keys.length !== Object.keys(b).length) return false;
  for (const k of keys) if (a[k] !== b[k]) return false;
  return true;
}

const HANDLE = 6;
/**
 * Handles and size given up front: React Flow then never has to render a node just to measure it, so with
 * `onlyRenderVisibleElements` the first render mounts the visible cards only, not all five thousand.
 */
const LEFT: NodeHandle = {
  id: "left",
  type: "target",
  position: Position.Left,
  x: -HANDLE / 2,
  y: NODE_HEIGHT / 2 - HANDLE / 2,
  width: HANDLE,
  height: HANDLE,
};
/** per orientation: where edges leave a card and where they arrive (experiment-node.tsx draws the same) */
export const HANDLES: Record<Orientation, NodeHandle[]> = {
  // the indented tree: edges run down the gap left of the children, then into each child's left side
  vertical: [
    LEFT,
    {
      id: "spine",
      type: "source",
      position: Position.Bottom,
      x: INDENT / 2 - HANDLE / 2,
      y: NODE_HEIGHT - HANDLE / 2,
      width: HANDLE,
      height: HANDLE,
    },
  ],
  horizontal: [
    LEFT,
    {
      id: "right",
      type: "source",
      position: Position.Right,
      x: NODE_WIDTH - HANDLE / 2,
      y: NODE_HEIGHT / 2 - HANDLE / 2,
      width: HANDLE,
      height: HANDLE,
    },
  ],
};
const EDGE: Record<Orientation, { type: string | undefined; sourceHandle: string; targetHandle: string }> = {
  vertical: { type: "smoothstep", sourceHandle: "spine", targetHandle: "left" },
  horizontal: { type: undefined, sourceHandle: "right", targetHandle: "left" },
};
const MEASURED = { width: NODE_WIDTH, height: NODE_HEIGHT };

const BEST_EDGE = { stroke: "#059669", strokeWidth: 3 };
const DIM_EDGE = { opacity: 0.35 };

const NOTHING_PICKED: ReadonlySet<string> = new Set();

export function buildFlow(
  rows: readonly VisibleNode[],
  layout: TreeLayout,
  selectedId: string | null,
  prev: FlowElements,
  picked: ReadonlySet<string> = NOTHING_PICKED,
): FlowElements {
  const nodes: ExperimentNode[] = [];
  const edges: Edge[] = [];
  const byId = new Map<string, ExperimentNode>();
  const edgeById = new Map<string, Edge>();
  const visible = new Set(rows.map((r) => r.id));
  const handles = HANDLES[layout.orientation];
  const edgeShape = EDGE[layout.orientation];
  for (const visibleRow of rows) {
    const row: VisibleNode = picked.has(visibleRow.id) ? { ...visibleRow, picked: true } : visibleRow;
    const pos = layout.positions.get(row.id) ?? { x: 0, y: 0 };
    const selected = row.id === selectedId;
    const old = prev.byId.get(row.id);
    const node: ExperimentNode =
      old &&
      old.position.x === pos.x &&
      old.position.y === pos.y &&
      old.selected === selected &&
      old.handles === handles &&
      sameData(old.data, row)
        ? old
        : {
            id: row.id,
            type: "experiment",
            position: pos,
            data: row,
            width: NODE_WIDTH,
            height: NODE_HEIGHT,
            measured: MEASURED,
            handles,
            selected,
          };
    nodes.push(node);
    byId.set(node.id, node);
    if (row.parentId === null || !visible.has(row.parentId)) continue;
    const id = `${row.parentId}-${row.id}`;
    const animated = row.status === "running";
    const style = row.onBestPath ? BEST_EDGE : row.dimmed || row.status === "pruned" ? DIM_EDGE : undefined;
    const oldEdge = prev.edgeById.get(id);
    const edge: Edge =
      oldEdge &&
      oldEdge.animated === animated &&
      oldEdge.style === style &&
      oldEdge.sourceHandle === edgeShape.sourceHandle
        ? oldEdge
        : { id, source: row.parentId, target: row.id, animated, style, ...edgeShape };
    edges.push(edge);
    edgeById.set(id, edge);
  }
  // the same arrays when nothing in them changed: React Flow re-indexes every edge whenever it gets a new array
  return {
    nodes: sameItems(nodes, prev.nodes) ? prev.nodes : nodes,
    edges: sameItems(edges, prev.edges) ? prev.edges : edges,
    byId,
    edgeById,
  };
}

const sameItems = <T>(a: readonly T[], b: readonly T[]) => a.length === b.length && a.every((x, i) => x === b[i]);
