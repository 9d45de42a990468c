/**
 * A search tree kept current one node at a time: its nodes in ordinal order, the index (children by parent) and
 * every node's subtree statistics are updated on each change, so a decision on a big tree does not rebuild them
 * (O(n) per decision) but only the changed nodes' ancestor chains (O(depth × siblings) per change). The numbers
 * equal `subtreeStats(indexTree(nodes))` exactly: each ancestor is re-summed in the same order, not patched by
 * differences.
 */
import { isEvaluated, isOpen, reward, type SubtreeStats, type TreeIndex, type TreeNode } from "./tree.ts";

let epochs = 0;

export class LiveTree<N extends TreeNode = TreeNode> implements TreeIndex {
  readonly byId = new Map<string, N>();
  readonly children = new Map<string, N[]>();
  /** backed-up statistics of every node (only nodes reachable from the root count in the root's) */
  readonly stats = new Map<string, SubtreeStats>();
  root: N | undefined;
  private readonly list: N[] = [];
  private readonly position = new Map<string, number>();
  private readonly epoch = ++epochs;
  private shapeChanges = 0;

  /** Built in one pass (statistics bottom-up once), not node by node. */
  static of<N extends TreeNode>(nodes: readonly N[]): LiveTree<N> {
    const tree = new LiveTree<N>();
    const sorted = [...nodes].sort((a, b) => a.ordinal - b.ordinal);
    for (const n of sorted) {
      if (tree.byId.has(n.id)) continue;
      tree.byId.set(n.id, n);
      tree.position.set(n.id, tree.list.length);
      tree.list.push(n);
      if (n.parentId === null) tree.root ??= n;
      else {
        const siblings = tree.children.get(n.parentId);
        if (siblings) siblings.push(n);
        else tree.children.set(n.parentId, [n]);
      }
    }
    // each subtree top (the root, or a node whose parent is not here yet) down, then summed from the leaves up
    const order: N[] = [];
    const stack = sorted.filter((n) => n.parentId === null || !tree.byId.has(n.parentId));
    for (let n = stack.pop(); n; n = stack.pop()) {
      order.push(n);
      stack.push(...(tree.children.get(n.id) ?? []));
    }
    for (let i = order.length - 1; i >= 0; i--) {
      const n = order[i];
      if (n) tree.stats.set(n.id, tree.sum(n));
    }
    return tree;
  }

  /** The nodes in ordinal order (shared: do not change it). */
  get nodes(): readonly N[] {
    return this.list;
  }

  /**
   * Changes whenever a node is added or changes status (not on progress or score alone), and differs between two
   * trees built separately: equal versions mean the same nodes in the same statuses.
   */
  get shapeVersion(): string {
    return `${this.epoch}.${this.shapeChanges}`;
  }

  /** Adds the node, or replaces the one with its id. False (nothing changed) when its parent or ordinal moved. */
  upsert(n: N): boolean {
    const old = this.byId.get(n.id);
    if (old && (old.parentId !== n.parentId || old.ordinal !== n.ordinal)) return false;
    if (!old || old.status !== n.status) this.shapeChanges++;
    this.byId.set(n.id, n);
    if (old) {
      const at = this.position.get(n.id) ?? -1;
      this.list[at] = n;
      if (this.root === old) this.root = n;
      if (n.parentId !== null) {
        const siblings = this.children.get(n.parentId) ?? [];
        siblings[siblings.indexOf(old)] = n;
      }
    } else {
      this.insertInOrder(n);
      if (n.parentId === null) this.root ??= n;
      else {
        const siblings = this.children.get(n.parentId);
        if (siblings) siblings.splice(sortedIndex(siblings, n.ordinal), 0, n);
        else this.children.set(n.parentId, [n]);
      }
    }
    for (let cur: N | undefined = n; cur; cur = cur.parentId === null ? undefined : this.byId.get(cur.parentId)) {
      this.stats.set(cur.id, this.sum(cur));
    }
    return true;
  }

  private sum(n: N): SubtreeStats {
    let visits = isEvaluated(n) || isOpen(n) ? 1 : 0;
    let value = isEvaluated(n) ? reward(n) : 0;
    for (const c of this.children.get(n.id) ?? []) {
      const s = this.stats.get(c.id);
      if (s) {
        visits += s.visits;
        value += s.value;
      }
    }
    return { visits, value };
  }

  private insertInOrder(n: N): void {
    const at = sortedIndex(this.list, n.ordinal);
    this.list.splice(at, 0, n);
    if (at === this.list.length - 1) this.position.set(n.id, at);
    else this.list.forEach((m, i) => this.position.set(m.id, i));
  }
}

/** Where a node of this ordinal goes in a list sorted by ordinal (after equal ones). */
function sortedIndex(list: readonly TreeNode[], ordinal: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list[mid]?.ordinal ?? 0) <= ordinal) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
