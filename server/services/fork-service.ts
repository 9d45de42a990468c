/**
 * Fork: a new exploration on the same goal, task and settings whose first experiment (beside the baseline)
 * is the forked node's recipe and config, trained from the base model. The search then continues from there.
 */
import type { Db } from "../db.ts";
import { createExplorationSchema } from "../domain/explorations/exploration-input.ts";
import { hardConstraintsOf } from "../domain/requirements/requirement-spec.ts";
import { getBus } from "./event-bus.ts";
import { findExploration } from "../repositories/exploration-repository.ts";
import { findNode, listNodes } from "../repositories/node-repository.ts";
import { NotFoundError } from "../domain/errors.ts";
import { createExploration } from "./exploration-service.ts";
import { createNode } from "./node-lifecycle.ts";
import { withEvents } from "./transaction.ts";
import { codeReviewReason } from "../contract/code-steps.ts";

export async function forkFromNode(
  db: Db,
  nodeId: string,
  opts: { workspaceIds?: readonly string[] } = {},
): Promise<{ id: string; nodeId: string }> {
  const source = await findNode(db, nodeId);
  if (!source) throw new NotFoundError(`node ${nodeId} not found`);
  const from = await findExploration(db, source.explorationId);
  if (!from) throw new NotFoundError("exploration not found");
  const input = createExplorationSchema.parse({
    title: `Fork of ${from.title.slice(0, 120)} from #${source.ordinal}`,
    goal: from.goal,
    ...(from.datasetId ? { datasetId: from.datasetId } : { taskId: from.taskId }),
    baseModel: from.baseModel,
    policy: from.policy,
    approvalMode: from.approvalMode,
    budget: from.budget,
    seed: from.seed,
    ablations: from.ablations,
    // the forked exploration keeps the goal's constraints as they were confirmed
    constraints: hardConstraintsOf(from.spec),
    confirmed: true,
  });
  const created = await createExploration(db, input, { workspaceIds: opts.workspaceIds });
  const root = (await listNodes(db, created.id)).find((n) => n.parentId === null);
  if (!root) throw new NotFoundError("the new exploration has no baseline");
  const scoreText = source.score === null ? "not evaluated" : `validation ${source.score.toFixed(3)}`;
  const child = await withEvents(db, async (tx, emit) => {
    // the copied recipe's code steps are new to this tree (its baseline has none): a reviewer reads them first
    const code = codeReviewReason(source.recipe, root.recipe);
    const review = code !== null || created.approvalMode !== "auto";
    return createNode(
      tx,
      emit,
      {
        explorationId: created.id,
        parentId: root.id,
        round: 1,
        direction: "manual",
        plan: {
          title: `Forked: ${source.plan.title}`.slice(0, 200),
          rationale: `Forked from node #${source.ordinal} of "${from.title}" (${scoreText}). Same data recipe and training config, trained from the base model.`,
          hypotheses: source.plan.hypotheses,
          warmStart: false,
        },
        recipe: source.recipe,
        config: source.config,
        task: { id: created.taskId, seed: created.seed },
        baseFingerprint: null,
      },
      {
        to: review ? "awaiting_review" : "approved",
        why: code ? `forked: ${code}` : review ? "forked: needs review" : `forked from #${source.ordinal}`,
      },
    );
  });
  getBus().emit("wake", created.id);
  return { id: created.id, nodeId: child.id };
}
