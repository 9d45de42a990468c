/** What the UI reads of the agents: a node's traces (paged), an exploration's insights, and a preview of the requirement analysis. */
import type { Db } from "../db.ts";
import { listInsightsOfExploration, nodeOrdinals } from "../repositories/insight-repository.ts";
import { findNode } from "../repositories/node-repository.ts";
import { listTracesOfNode, type TracePage } from "../repositories/trace-repository.ts";
import { NotFoundError } from "../domain/errors.ts";
import { analyseRequirement, type RequirementAnalysis } from "../agents/requirement-analysis.ts";
import type { AnalysisHints } from "../domain/requirements/requirement-spec.ts";
import type { InsightEvidence } from "../domain/tree/insight-evidence.ts";
import { expansionStep } from "../agents/traces.ts";

/** The node's own traces and those of the expansion that created it (stored on its parent), oldest first. */
export async function getNodeTraces(db: Db, nodeId: string, cursor: string | null, limit: number): Promise<TracePage> {
  const node = await findNode(db, nodeId);
  if (!node) throw new NotFoundError(`node ${nodeId} not found`);
  return listTracesOfNode(
    db,
    { nodeId, parent: node.parentId ? { id: node.parentId, step: expansionStep(node.round) } : null },
    { cursor, limit },
  );
}

export interface InsightView extends InsightEvidence {
  id: string;
  text: string;
  createdAt: Date;
  supportingNodes: { id: string; ordinal: number | null }[];
}

export async function getExplorationInsights(db: Db, explorationId: string): Promise<InsightView[]> {
  const insights = await listInsightsOfExploration(db, explorationId);
  const ids = [...new Set(insights.flatMap((i) => i.supportingNodeIds))];
  const ordinals = await nodeOrdinals(db, ids);
  return insights.map((i) => ({
    id: i.id,
    text: i.text,
    createdAt: i.createdAt,
    kind: i.kind,
    features: i.features,
    effect: i.effect,
    comparisons: i.comparisons,
    supportingNodes: i.supportingNodeIds.map((id) => ({ id, ordinal: ordinals.get(id) ?? null })),
  }));
}

/** Goal → spec without creating anything (the form shows it before the user commits). */
export async function previewRequirementAnalysis(
  goal: string,
  hints: AnalysisHints,
): Promise<Omit<RequirementAnalysis, "traces">> {
  const { spec, tokens } = await analyseRequirement(goal, hints);
  return { spec, tokens };
}
