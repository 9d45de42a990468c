/** A search tree as facts (id, parent, status, score); depth, subtree stats and the best node are derived. */
import { ACTIVE_NODE_STATUSES, type NodeStatus } from "../../contract/statuses.ts";

export interface TreeNode {
  id: string;
  parentId: string | null;
  ordinal: number;
  round: number;
  status: NodeStatus;
  /** reward in [0, 1] (validation primary metric); null until evaluated */
  score: number | null;
  /** compute the node's job cost (CPU + GPU seconds); read by the cost-aware policy */
  computeSeconds?: number;
}

export interface SubtreeStats {
  /**
   * evaluated nodes in the subtree (succeeded or failed), plus its open ones (planned, queued, running) as a
   * virtual loss: a visit worth 0 until the result lands, so a plan made while they train looks elsewhere
   */
  visits: number;
  /** summed reward over the subtree; a failed node counts 0 */
  value: number;
}

export interface TreeIndex {
  byId: Map<string, TreeNode>;
  children: Map<string, TreeNode[]>;
  root: TreeNode | undefined;
}

export function indexTree(nodes: readonly TreeNode[]): TreeIndex {
  const byId = new Map<string, TreeNode>();
  const children = new Map<string, TreeNode[]>();
  let root: TreeNode | undefined;
  for (const n of nodes) {
    byId.set(n.id, n);
    if (n.parentId === null) root ??= n;
    else {
      const list = children.get(n.parentId);
      if (list) list.push(n);
      else children.set(n.parentId, [n]);
    }
  }
  return { byId, children, root };
}

export function isEvaluated(n: TreeNode): boolean {
  return n.status === "succeeded" || n.status === "failed";
}

/** Planned, queued or running: its result is still to come. */
export function isOpen(n: TreeNode): boolean {
  return ACTIVE_NODE_STATUSES.includes(n.status);
}

export function reward(n: TreeNode): number {
  return n.status === "succeeded" && n.score !== null ? n.score : 0;
}

/** Backed-up statistics for every node, computed bottom-up without recursion (deep trees are fine). */
export function subtreeStats(index: TreeIndex): Map<string, SubtreeStats> {
  const stats = new Map<string, SubtreeStats>();
  const order: TreeNode[] = [];
  if (index.root) {
    const stack = [index.root];
    while (stack.length > 0) {
      const n = stack.pop();
      if (!n) break;
      order.push(n);
      for (const c of index.children.get(n.id) ?? []) stack.push(c);
    }
  }
  for (let i = order.length - 1; i >= 0; i--) {
    const n = order[i];
    if (!n) continue;
    let visits = isEvaluated(n) || isOpen(n) ? 1 : 0;
    let value = isEvaluated(n) ? reward(n) : 0;
    for (const c of index.children.get(n.id) ?? []) {
      const s = stats.get(c.id);
      if (s) {
        visits += s.visits;
        value += s.value;
      }
    }
    stats.set(n.id, { visits, value });
  }
  return stats;
}

export function bestNode(nodes: readonly TreeNode[]): TreeNode | undefined {
  let best: TreeNode | undefined;
  for (const n of nodes) {
    if (n.status !== "succeeded" || n.score === null) continue;
    if (!best || (best.score ?? -1) < n.score || (best.score === n.score && n.ordinal < best.ordinal)) best = n;
  }
  return best;
}

/** Number of expansions a node has had: the distinct rounds among its children. */
export function expansionsOf(index: TreeIndex, id: string): number {
  return new Set((index.children.get(id) ?? []).map((c) => c.round)).size;
}
