/** Pure: which nodes the canvas shows (filters, collapsed subtrees) and which match a search. */

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
  /** why a reviewer pruned it */
  pruneReason?: string;
  /** a repair: the id and ordinal of the failed node it repairs, and what it changed */
  repairOfId?: string;
  repairOfOrdinal?: number;
  repairSummary?: string;
  /** a waiting node's place in its runner's queue ("queued #2 of 5 · in ~3 min") and why it waits */
  queueBadge?: string;
  queueReason?: string;
};

export type VisibleNode = TreeNodeView & {
  /** shown only because a descendant matches the filter */
  dimmed: boolean;
  /** a search hit */
  match: boolean;
  childCount: number;
  collapsed: boolean;
  /** descendants hidden under this node while it is collapsed */
  hiddenCount: number;
  /** picked for comparison */
  picked?: boolean;
};

export interface CanvasFilter {
  /** empty: every status */
  statuses: readonly string[];
  minScore: number | null;
}

export const NO_FILTER: CanvasFilter = { statuses: [], minScore: null };

export function isFilterActive(f: CanvasFilter): boolean {
  return f.statuses.length > 0 || f.minScore !== null;
}

function passes(v: TreeNodeView, f: CanvasFilter): boolean {
  if (f.statuses.length > 0 && !f.statuses.includes(v.status)) return false;
  if (f.minScore !== null && (v.score === null || v.score < f.minScore)) return false;
  return true;
}

export function childrenIndex(views: readonly TreeNodeView[]): Map<string, string[]> {
  const children = new Map<string, string[]>();
  for (const v of views) {
    if (v.parentId === null) continue;
    const list = children.get(v.parentId);
    if (list) list.push(v.id);
    else children.set(v.parentId, [v.id]);
  }
  return children;
}

/** The rows to draw, in the input order: filtered (keeping the ancestors of every match) and collapsed. */
export function visibleTree(
  views: readonly TreeNodeView[],
  opts: { collapsed: ReadonlySet<string>; filter: CanvasFilter; matches: ReadonlySet<string> },
): VisibleNode[] {
  const byId = new Map(views.map((v) => [v.id, v]));
  const children = childrenIndex(views);
  const filtering = isFilterActive(opts.filter);
  const kept = new Set<string>();
  const dimmed = new Set<string>();
  for (const v of views) {
    if (v.parentId === null || !filtering || passes(v, opts.filter)) {
      kept.add(v.id);
      // walk up until an ancestor already kept: each node is visited a bounded number of times
      let cur = v.parentId ? byId.get(v.parentId) : undefined;
      while (cur && !kept.has(cur.id)) {
        kept.add(cur.id);
        dimmed.add(cur.id);
        cur = cur.parentId ? byId.get(cur.parentId) : undefined;
      }
    }
  }
  // hide what lies under a collapsed node
  const hidden = new Set<string>();
  const hiddenCount = new Map<string, number>();
  for (const id of opts.collapsed) {
    if (!kept.has(id) || hidden.has(id)) continue;
    let count = 0;
    const stack = [...(children.get(id) ?? [])];
    while (stack.length > 0) {
      const cur = stack.pop();
      if (cur === undefined || hidden.has(cur)) continue;
      hidden.add(cur);
      if (kept.has(cur)) count++;
      for (const c of children.get(cur) ?? []) stack.push(c);
    }
    hiddenCount.set(id, count);
  }
  const out: VisibleNode[] = [];
  for (const v of views) {
    if (!kept.has(v.id) || hidden.has(v.id)) continue;
    const collapsed = opts.collapsed.has(v.id) && (children.get(v.id)?.length ?? 0) > 0;
    out.push({
      ...v,
      dimmed: dimmed.has(v.id),
      match: opts.matches.has(v.id),
      childCount: children.get(v.id)?.length ?? 0,
      collapsed,
      hiddenCount: collapsed ? (hiddenCount.get(v.id) ?? 0) : 0,
    });
  }
  return out;
}

/** Nodes whose ordinal ("12", "#12") or title matches, by ordinal. */
export function searchTree(views: readonly TreeNodeView[], query: string): string[] {
  const q = query.trim().toLowerCase();
  if (q === "") return [];
  const ordinal = /^#?(\d+)$/.exec(q);
  const hits = views.filter((v) => (ordinal ? v.ordinal === Number(ordinal[1]) : v.title.toLowerCase().includes(q)));
  return hits.sort((a, b) => a.ordinal - b.ordinal).map((v) => v.id);
}

/** The ancestors of a node, nearest first. */
export function ancestorsOf(views: readonly Pick<TreeNodeView, "id" | "parentId">[], id: string): string[] {
  const byId = new Map(views.map((v) => [v.id, v]));
  const out: string[] = [];
  let cur = byId.get(id)?.parentId;
  while (cur && !out.includes(cur)) {
    out.push(cur);
    cur = byId.get(cur)?.parentId;
  }
  return out;
}
