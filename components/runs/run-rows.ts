/**
 * Pure: tree records → the runs table's rows. Every training parameter becomes a column of its own, read from
 * the configs themselves (whatever fields they carry), so a new config field shows up without a code change.
 */

export interface RunSource {
  id: string;
  parentId: string | null;
  ordinal: number;
  status: string;
  direction: string;
  plan: { title: string };
  score: number | null;
  testScore: number | null;
  computeSeconds: number;
  tokens: number;
  progress: number;
  config: Record<string, unknown>;
  recipe: { operators: readonly Record<string, unknown>[] };
}

export type Cell = string | number | boolean | null;

export interface RunRow {
  id: string;
  ordinal: number;
  parentOrdinal: number | null;
  title: string;
  status: string;
  direction: string;
  score: number | null;
  /** score minus the parent's score, when both are known */
  delta: number | null;
  testScore: number | null;
  computeSeconds: number;
  tokens: number;
  progress: number;
  /** the recipe's operator names in order */
  recipe: string;
  /** one entry per training parameter */
  params: Record<string, Cell>;
}

const asCell = (v: unknown): Cell =>
  v === undefined
    ? null
    : typeof v === "string" || typeof v === "number" || typeof v === "boolean" || v === null
      ? v
      : JSON.stringify(v);

export function toRunRows(nodes: readonly RunSource[]): RunRow[] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  return nodes.map((n) => {
    const parent = n.parentId ? byId.get(n.parentId) : undefined;
    return {
      id: n.id,
      ordinal: n.ordinal,
      parentOrdinal: parent?.ordinal ?? null,
      title: n.plan.title,
      status: n.status,
      direction: n.direction,
      score: n.score,
      delta: n.score !== null && parent?.score !== null && parent?.score !== undefined ? n.score - parent.score : null,
      testScore: n.testScore,
      computeSeconds: n.computeSeconds,
      tokens: n.tokens,
      progress: n.progress,
      recipe: n.recipe.operators.map((o) => (typeof o.op === "string" ? o.op : "?")).join(" → "),
      params: Object.fromEntries(Object.entries(n.config).map(([k, v]) => [k, asCell(v)])),
    };
  });
}

/** Every training parameter any row has, in the order they first appear. */
export function paramKeys(rows: readonly RunRow[]): string[] {
  const keys = new Set<string>();
  for (const r of rows) for (const k of Object.keys(r.params)) keys.add(k);
  return [...keys];
}

/**
 * A column filter typed by a person: `>0.8`, `<= 100`, `0.5..0.9` on numbers; anything else is a
 * case-insensitive "contains" on the shown text.
 */
export function matchesFilter(value: Cell, filter: string): boolean {
  const f = filter.trim();
  if (f === "") return true;
  const range = /^(-?[\d.e]+)\s*\.\.\s*(-?[\d.e]+)$/i.exec(f);
  const cmp = /^(<=|>=|<|>|=)\s*(-?[\d.e]+)$/i.exec(f);
  if ((range || cmp) && typeof value !== "number") return false;
  if (range && typeof value === "number") return value >= Number(range[1]) && value <= Number(range[2]);
  if (cmp && typeof value === "number") {
    const x = Number(cmp[2]);
    switch (cmp[1]) {
      case "<":
        return value < x;
      case ">":
        return value > x;
      case "<=":
        return value <= x;
      case ">=":
        return value >= x;
      default:
        return value === x;
    }
  }
  return String(value ?? "")
    .toLowerCase()
    .includes(f.toLowerCase());
}
