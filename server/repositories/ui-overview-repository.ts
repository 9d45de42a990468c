import type { Db } from "../db.ts";

/** Per exploration: the baseline (root) score, the best succeeded score and node counts by status. */
export async function explorationOverviewFacts(db: Db, ids: string[]) {
  const [roots, best, counts] = await Promise.all([
    db.node.findMany({
      where: { explorationId: { in: ids }, parentId: null },
      select: { explorationId: true, score: true },
    }),
    db.node.groupBy({
      by: ["explorationId"],
      where: { explorationId: { in: ids }, status: "succeeded" },
      _max: { score: true },
    }),
    db.node.groupBy({ by: ["explorationId", "status"], where: { explorationId: { in: ids } }, _count: { _all: true } }),
  ]);
  const byStatus = new Map<string, Record<string, number>>();
  for (const c of counts) {
    const m = byStatus.get(c.explorationId) ?? {};
    m[c.status] = c._count._all;
    byStatus.set(c.explorationId, m);
  }
  return {
    baseline: new Map(roots.map((r) => [r.explorationId, r.score])),
    best: new Map(best.map((b) => [b.explorationId, b._max.score])),
    byStatus,
  };
}
