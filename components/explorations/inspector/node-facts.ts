/** Pure helpers of the node inspector: config diff, curve merge, scores along the path. */

export interface DiffRow {
  key: string;
  before: string | null;
  after: string | null;
  changed: boolean;
}

const show = (v: unknown): string | null => (v === undefined ? null : typeof v === "string" ? v : JSON.stringify(v));

/** Every key of either object, changed ones first; `before` is null for a node without a parent. */
export function diffObjects(before: Record<string, unknown> | null, after: Record<string, unknown>): DiffRow[] {
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after)])];
  const rows = keys.map((key) => {
    const b = before ? show(before[key]) : null;
    const a = show(after[key]);
    return { key, before: b, after: a, changed: before !== null && b !== a };
  });
  return rows.sort((x, y) => Number(y.changed) - Number(x.changed));
}

export interface RecipeOpRow {
  index: number;
  text: string;
  /** not among the parent's operators */
  added: boolean;
}

export function recipeRows(parentOps: readonly unknown[] | null, ops: readonly unknown[]): RecipeOpRow[] {
  const parentTexts = new Set((parentOps ?? []).map((o) => JSON.stringify(o)));
  return ops.map((o, index) => {
    const text = JSON.stringify(o);
    return { index, text, added: parentOps !== null && !parentTexts.has(text) };
  });
}

export interface CurvePoint {
  step: number;
  loss: number | null;
  lr: number;
}

/** The stored curve (from the job's events) and the live one (socket), one point per step, by step. */
export function mergeCurves(stored: readonly CurvePoint[], live: readonly CurvePoint[]): CurvePoint[] {
  const byStep = new Map<number, CurvePoint>();
  for (const p of stored) byStep.set(p.step, p);
  for (const p of live) if (!byStep.has(p.step)) byStep.set(p.step, p);
  return [...byStep.values()].sort((a, b) => a.step - b.step);
}

/** Validation scores from the baseline down to the node (the eval trajectory of this branch). */
export function scoresAlongPath(
  nodes: readonly { id: string; parentId: string | null; ordinal: number; score: number | null }[],
  id: string,
): { ordinal: number; score: number }[] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const path: { ordinal: number; score: number }[] = [];
  const seen = new Set<string>();
  let cur = byId.get(id);
  while (cur && !seen.has(cur.id)) {
    seen.add(cur.id);
    if (cur.score !== null) path.push({ ordinal: cur.ordinal, score: cur.score });
    cur = cur.parentId ? byId.get(cur.parentId) : undefined;
  }
  return path.reverse();
}
