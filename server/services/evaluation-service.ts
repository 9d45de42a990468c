/**
 * Called by the orchestrator after a node's result is stored: writes the node's evaluation report
 * (diagnosis, grouped bad cases, comparison with parent and siblings) and re-distils the exploration's
 * insights, announcing the new ones. Never throws: a failure here must not stop the loop.
 */
import type { Db } from "../db.ts";
import { findExploration } from "../repositories/exploration-repository.ts";
import { replaceExplorationInsights } from "../repositories/insight-repository.ts";
import { findNode, listNodes, updateNodeIfVersion } from "../repositories/node-repository.ts";
import { withEvents } from "./transaction.ts";
import { buildEvaluationReport } from "../agents/evaluation-report.ts";
import { distilInsights } from "../agents/insights.ts";
import { insightNodeOf } from "../agents/planning-memory.ts";

/** Returns null on success, or the reason it could not record the evaluation. */
export async function recordEvaluation(db: Db, nodeId: string): Promise<string | null> {
  try {
    const node = await findNode(db, nodeId);
    if (!node || (node.status !== "succeeded" && node.status !== "failed")) return null;
    const exploration = await findExploration(db, node.explorationId);
    if (!exploration) return null;
    const nodes = await listNodes(db, node.explorationId);
    const insights = distilInsights(nodes.map(insightNodeOf));
    await withEvents(db, async (tx, emit) => {
      if (node.status === "succeeded") {
        const report = buildEvaluationReport(node, nodes);
        // a reviewer acting on the node meanwhile wins: the report is rebuilt on the next evaluation
        await updateNodeIfVersion(tx, node.id, node.version, {
          report: JSON.stringify({ ...node.report, diagnosis: report.summary, analysis: report }),
        });
      }
      const created = await replaceExplorationInsights(tx, exploration.id, exploration.taskId, insights);
      for (const i of created)
        await emit(exploration.id, "insight.created", null, {
          id: i.id,
          text: i.text,
          kind: i.kind,
          effect: i.effect,
          comparisons: i.comparisons,
          supportingNodeIds: i.supportingNodeIds,
        });
    });
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}
