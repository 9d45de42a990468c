/** What the explorations list shows: status, best score, gain over the baseline, cost, time. */
import type { Db } from "../db.ts";
import { explorationOverviewFacts } from "../repositories/ui-overview-repository.ts";
import { datasetNames } from "../repositories/dataset-repository.ts";
import { listExplorationSummaries } from "./exploration-service.ts";

export async function listExplorationOverviews(db: Db, now: Date = new Date()) {
  const list = await listExplorationSummaries(db);
  const facts = await explorationOverviewFacts(
    db,
    list.map((e) => e.id),
  );
  const names = await datasetNames(db, [...new Set(list.flatMap((e) => (e.datasetId ? [e.datasetId] : [])))]);
  return list.map((e) => {
    const baseline = facts.baseline.get(e.id) ?? null;
    const best = facts.best.get(e.id) ?? null;
    const counts = facts.byStatus.get(e.id) ?? {};
    return {
      id: e.id,
      title: e.title,
      goal: e.goal,
      taskId: e.taskId,
      /** what the list shows for the task: the id, or the uploaded dataset's name */
      taskLabel: e.datasetId ? `${names.get(e.datasetId) ?? "dataset"} (dataset)` : e.taskId,
      policy: e.policy,
      approvalMode: e.approvalMode,
      status: e.status,
      stopReason: e.stopReason,
      createdAt: e.createdAt,
      nodes: e.stats.nodes,
      baselineScore: baseline,
      bestScore: best,
      gain: best !== null && baseline !== null ? best - baseline : null,
      computeSeconds: e.stats.computeSeconds,
      tokens: e.stats.tokens,
      durationSeconds: Math.max(0, ((e.finishedAt ?? now).getTime() - e.createdAt.getTime()) / 1000),
      running: (counts.running ?? 0) + (counts.queued ?? 0),
      awaitingReview: counts.awaiting_review ?? 0,
    };
  });
}
