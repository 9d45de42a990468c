/** Pure: the explorations list's rows, search, filter and sort. */

export interface ExplorationRow {
  id: string;
  title: string;
  goal: string;
  taskId: string;
  taskLabel: string;
  policy: string;
  status: string;
  createdAt: Date;
  nodes: number;
  baselineScore: number | null;
  bestScore: number | null;
  gain: number | null;
  computeSeconds: number;
  tokens: number;
  durationSeconds: number;
  running: number;
  awaitingReview: number;
}

export type SortKey =
  "title" | "status" | "bestScore" | "gain" | "computeSeconds" | "durationSeconds" | "createdAt" | "nodes";
export interface ListQuery {
  search: string;
  status: string;
  taskId: string;
  sort: SortKey;
  desc: boolean;
}

export const DEFAULT_LIST_QUERY: ListQuery = { search: "", status: "", taskId: "", sort: "createdAt", desc: true };

function value(r: ExplorationRow, k: SortKey): number | string | null {
  return k === "createdAt" ? r.createdAt.getTime() : r[k];
}

export function queryRows(rows: readonly ExplorationRow[], q: ListQuery): ExplorationRow[] {
  const s = q.search.trim().toLowerCase();
  const out = rows.filter(
    (r) =>
      (q.status === "" || r.status === q.status) &&
      (q.taskId === "" || r.taskId === q.taskId) &&
      (s === "" ||
        r.title.toLowerCase().includes(s) ||
        r.goal.toLowerCase().includes(s) ||
        r.taskId.includes(s) ||
        r.taskLabel.toLowerCase().includes(s)),
  );
  return out.sort((a, b) => {
    const va = value(a, q.sort);
    const vb = value(b, q.sort);
    // missing values sort last whichever the direction
    if (va === null || vb === null) return va === vb ? 0 : va === null ? 1 : -1;
    const c = typeof va === "string" && typeof vb === "string" ? va.localeCompare(vb) : Number(va) - Number(vb);
    return q.desc ? -c : c;
  });
}
