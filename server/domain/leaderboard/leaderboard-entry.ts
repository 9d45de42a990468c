/** What a leaderboard entry is made of, derived from an exploration's nodes. Pure. */

export interface EvaluatedNode {
  id: string;
  parentId: string | null;
  status: string;
  score: number | null;
  testScore: number | null;
  computeSeconds: number;
  tokens: number;
  reused: boolean;
  finishedAt: Date;
  method: string;
}

export interface EntryFacts {
  nodeId: string;
  method: string;
  score: number;
  testScore: number | null;
  baselineScore: number;
  gain: number;
  computeSeconds: number;
  tokens: number;
  timeToBestSeconds: number;
}

/**
 * The node chosen on validation (the best validation score; the earlier on a tie) against the baseline, with that
 * node's own test score, never the best test score; null when nothing beyond the baseline succeeded.
 */
export function entryFacts(nodes: readonly EvaluatedNode[], startedAt: Date): EntryFacts | null {
  const root = nodes.find((n) => n.parentId === null);
  if (!root || root.status !== "succeeded" || root.score === null) return null;
  let best: EvaluatedNode | undefined;
  for (const n of nodes) {
    if (n.parentId === null || n.status !== "succeeded" || n.score === null) continue;
    if (!best || n.score > (best.score ?? -1)) best = n;
  }
  if (!best || best.score === null) return null;
  return {
    nodeId: best.id,
    method: best.method,
    score: best.score,
    testScore: best.testScore,
    baselineScore: root.score,
    gain: best.score - root.score,
    computeSeconds: nodes.reduce((s, n) => s + n.computeSeconds, 0),
    tokens: nodes.reduce((s, n) => s + n.tokens, 0),
    timeToBestSeconds: Math.max(0, (best.finishedAt.getTime() - startedAt.getTime()) / 1000),
  };
}

export interface CurvePoint {
  computeSeconds: number;
  best: number;
}

/** Best score so far against compute spent, in the order results arrived (an anytime curve). */
export function anytimeCurve(nodes: readonly EvaluatedNode[]): CurvePoint[] {
  const done = nodes
    .filter((n) => n.status === "succeeded" || n.status === "failed")
    .sort((a, b) => a.finishedAt.getTime() - b.finishedAt.getTime());
  const points: CurvePoint[] = [];
  let compute = 0;
  let best = Number.NEGATIVE_INFINITY;
  for (const n of done) {
    compute += n.computeSeconds;
    if (n.status === "succeeded" && n.score !== null) best = Math.max(best, n.score);
    if (best > Number.NEGATIVE_INFINITY) points.push({ computeSeconds: compute, best });
  }
  return points;
}
