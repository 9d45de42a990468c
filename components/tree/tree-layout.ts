/**
 * Pure: positions for the exploration tree, O(n), in one of two orientations. Positions depend only on the
 * tree's shape, so a status change or a progress tick never recomputes them (see `layoutKey`).
 *  - vertical (the default): an indented tree that uses the pane's height. A node's children sit below and
 *    right of it, leaves stacked in columns, subtrees wrapped in shelves, so the many leaves of a search
 *    tree take height instead of a strip thousands of cards wide.
 *  - horizontal: a tidy tree (d3-hierarchy) from left to right, siblings one above the other.
 */
import { stratify, tree } from "d3-hierarchy";

export const NODE_WIDTH = 232;
export const NODE_HEIGHT = 100;
const GAP_X = 28;
const GAP_Y = 40;
const STACK_GAP = 14;
/** children start this far right of their parent's left edge: the edges run down the gap */
export const INDENT = 44;

export type Orientation = "vertical" | "horizontal";

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
  orientation: Orientation;
}

/** A string that changes exactly when the shape changes; layouts are cached on it. */
export function layoutKey(rows: readonly TreeShapeRow[], orientation: Orientation = "vertical"): string {
  let key = orientation;
  for (const r of rows) key += `${r.id}<${r.parentId ?? ""};`;
  return key;
}

/** children by parent in input order; orphans (parent filtered out or not loaded yet) hang off the root */
function shape(rows: readonly TreeShapeRow[]): { rootId: string; children: Map<string, string[]> } {
  const ids = new Set(rows.map((r) => r.id));
  const rootId = rows.find((r) => r.parentId === null)?.id ?? rows[0]?.id ?? "";
  const children = new Map<string, string[]>();
  for (const r of rows) {
    if (r.id === rootId) continue;
    const parent = r.parentId !== null && ids.has(r.parentId) ? r.parentId : rootId;
    const list = children.get(parent);
    if (list) list.push(r.id);
    else children.set(parent, [r.id]);
  }
  return { rootId, children };
}

/** the shape each subtree aims for, a little wider than tall like a pane */
const ASPECT = 2.5;

interface Item {
  ids: string[];
  w: number;
  h: number;
  /** a column of leaves, or one inner child's block */
  leaves: boolean;
}

/**
 * Each node's children go in "shelves" below and right of it: leaves in columns, inner children as their own
 * blocks, wrapped to a row width that keeps the block about ASPECT wide per unit of height. Sizes bottom-up,
 * positions top-down; no recursion (trees can be deep).
 */
function indentedLayout(rows: readonly TreeShapeRow[]): TreeLayout {
  const { rootId, children } = shape(rows);
  const kids = (id: string) => children.get(id) ?? [];
  const size = new Map<string, { w: number; h: number }>();
  const rel = new Map<string, [string, number, number][]>();
  const stack: [string, boolean][] = [[rootId, false]];
  while (stack.length > 0) {
    const [id, done] = stack.pop() ?? ["", true];
    if (!done) {
      stack.push([id, true]);
      for (const k of kids(id)) stack.push([k, false]);
      continue;
    }
    const list = kids(id);
    if (list.length === 0) {
      size.set(id, { w: NODE_WIDTH, h: NODE_HEIGHT });
      continue;
    }
    const leaves = list.filter((k) => kids(k).length === 0);
    const items: Item[] = [];
    const perColumn = Math.max(4, Math.ceil(Math.sqrt(leaves.length * 2)));
    for (let i = 0; i < leaves.length; i += perColumn) {
      const col = leaves.slice(i, i + perColumn);
      items.push({ ids: col, w: NODE_WIDTH, h: col.length * (NODE_HEIGHT + STACK_GAP) - STACK_GAP, leaves: true });
    }
    for (const k of list)
      if (kids(k).length > 0)
        items.push({ ids: [k], ...(size.get(k) ?? { w: NODE_WIDTH, h: NODE_HEIGHT }), leaves: false });
    const area = items.reduce((a, it) => a + (it.w + GAP_X) * (it.h + GAP_Y), 0);
    const limit = Math.max(...items.map((it) => it.w), Math.sqrt(area * ASPECT));
    const placed: [string, number, number][] = [];
    let [cx, cy, shelfH, rowW] = [0, 0, 0, 0];
    for (const it of items) {
      if (cx > 0 && cx + it.w > limit) {
        cy += shelfH + GAP_Y;
        [cx, shelfH] = [0, 0];
      }
      it.ids.forEach((k, i) =>
        placed.push([k, INDENT + cx, NODE_HEIGHT + GAP_Y + cy + (it.leaves ? i * (NODE_HEIGHT + STACK_GAP) : 0)]),
      );
      rowW = Math.max(rowW, cx + it.w);
      shelfH = Math.max(shelfH, it.h);
      cx += it.w + GAP_X;
    }
    rel.set(id, placed);
    size.set(id, { w: Math.max(NODE_WIDTH, INDENT + rowW), h: NODE_HEIGHT + GAP_Y + cy + shelfH });
  }
  const positions = new Map<string, Position>();
  const order: string[] = [];
  const place: [string, number, number][] = [[rootId, 0, 0]];
  while (place.length > 0) {
    const [id, x, y] = place.pop() ?? ["", 0, 0];
    positions.set(id, { x, y });
    order.push(id);
    const next = rel.get(id) ?? [];
    for (let i = next.length - 1; i >= 0; i--) {
      const n = next[i];
      if (n) place.push([n[0], x + n[1], y + n[2]]);
    }
  }
  return { positions, order, orientation: "vertical" };
}

function horizontalLayout(rows: readonly TreeShapeRow[]): TreeLayout {
  const { rootId, children } = shape(rows);
  const parentOf = new Map<string, string>();
  for (const [p, list] of children) for (const k of list) parentOf.set(k, p);
  const root = stratify<TreeShapeRow>()
    .id((d) => d.id)
    .parentId((d) => (d.id === rootId ? null : (parentOf.get(d.id) ?? rootId)))([...rows]);
  tree<TreeShapeRow>().nodeSize([NODE_HEIGHT + STACK_GAP, NODE_WIDTH + 2 * GAP_X])(root);
  const positions = new Map<string, Position>();
  const order: string[] = [];
  root.eachBefore((d) => {
    positions.set(d.data.id, { x: d.y ?? 0, y: d.x ?? 0 });
    order.push(d.data.id);
  });
  return { positions, order, orientation: "horizontal" };
}

export function layoutTree(rows: readonly TreeShapeRow[], orientation: Orientation = "vertical"): TreeLayout {
  if (rows.length === 0) return { positions: new Map(), order: [], orientation };
  return orientation === "vertical" ? indentedLayout(rows) : horizontalLayout(rows);
}

/** Ids on the path from the root to the best-scoring succeeded node. */
export function bestPathIds(
  rows: readonly { id: string; parentId: string | null; status: string; score: number | null }[],
): Set<string> {
  let best: (typeof rows)[number] | undefined;
  for (const r of rows)
    if (r.status === "succeeded" && r.score !== null && (!best || r.score > (best.score ?? -1))) best = r;
  const byId = new Map(rows.map((r) => [r.id, r]));
  const path = new Set<string>();
  let cur = best;
  while (cur && !path.has(cur.id)) {
    path.add(cur.id);
    cur = cur.parentId ? byId.get(cur.parentId) : undefined;
  }
  return path;
}
