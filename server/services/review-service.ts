/**
 * What reviewers do before GPU time is spent: approve, edit a proposal, add a manual child, retry a failed node
 * (pruning is prune-service.ts). Every action is one transaction with events.
 */
import type { Db } from "../db.ts";
import { EDITABLE_NODE_STATUSES, isLiveExploration } from "../contract/statuses.ts";
import { budgetBelowSpent, spentFor } from "../domain/explorations/budget.ts";
import type { Budget } from "../domain/explorations/exploration-input.ts";
import { fingerprintOf } from "../domain/tree/fingerprint.ts";
import { findExploration, updateExplorationBudget } from "../repositories/exploration-repository.ts";
import { findNode, listNodes, updateNodeIfVersion, type NodeRecord } from "../repositories/node-repository.ts";
import type { DataRecipe, TrainingConfig } from "../contract/job-protocol.ts";
import { ConflictError, NotFoundError } from "../domain/errors.ts";
import { createNode, transitionNode } from "./node-lifecycle.ts";
import { checkVersion, mustFindNode, wake } from "./review-guards.ts";
import { withEvents } from "./transaction.ts";

export async function approveNode(db: Db, id: string, expectedVersion?: number): Promise<NodeRecord> {
  const node = await mustFindNode(db, id);
  checkVersion(node, expectedVersion);
  const updated = await withEvents(db, (tx, emit) =>
    transitionNode(tx, emit, node, "approved", {}, "approved by a reviewer"),
  );
  wake(node.explorationId);
  return updated;
}

export async function approveAllPending(db: Db, explorationId: string): Promise<number> {
  const nodes = (await listNodes(db, explorationId)).filter((n) => n.status === "awaiting_review");
  await withEvents(db, async (tx, emit) => {
    for (const n of nodes) await transitionNode(tx, emit, n, "approved", {}, "approved by a reviewer");
  });
  wake(explorationId);
  return nodes.length;
}

export interface NodeEdit {
  title?: string;
  rationale?: string;
  recipe?: DataRecipe;
  config?: TrainingConfig;
}

export async function editNode(db: Db, id: string, edit: NodeEdit, expectedVersion?: number): Promise<NodeRecord> {
  const node = await mustFindNode(db, id);
  checkVersion(node, expectedVersion);
  if (!EDITABLE_NODE_STATUSES.includes(node.status)) {
    throw new ConflictError(
      `node #${node.ordinal} is ${node.status.replace("_", " ")}: only a node that has not started can be edited`,
    );
  }
  const exploration = await findExploration(db, node.explorationId);
  if (!exploration) throw new NotFoundError("exploration not found");
  const parent = node.parentId ? await findNode(db, node.parentId) : null;
  const recipe = edit.recipe ?? node.recipe;
  const config = edit.config ?? node.config;
  const plan = {
    ...node.plan,
    ...(edit.title ? { title: edit.title } : {}),
    ...(edit.rationale ? { rationale: edit.rationale } : {}),
  };
  const fingerprint = fingerprintOf({
    taskId: exploration.taskId,
    taskSeed: exploration.seed,
    baseFingerprint: node.plan.warmStart && parent ? parent.fingerprint : null,
    recipe,
    config,
  });
  return withEvents(db, async (tx, emit) => {
    const updated = await updateNodeIfVersion(tx, node.id, node.version, {
      recipe: JSON.stringify(recipe),
      config: JSON.stringify(config),
      plan: JSON.stringify(plan),
      fingerprint,
    });
    if (!updated) throw new ConflictError(`someone else changed node #${node.ordinal} first; reload and try again`);
    await emit(node.explorationId, "node.edited", node.id, {
      before: { recipe: node.recipe, config: node.config },
      after: { recipe, config },
      title: plan.title,
    });
    return updated;
  });
}

export async function retryNode(db: Db, id: string, expectedVersion?: number): Promise<NodeRecord> {
  const node = await mustFindNode(db, id);
  checkVersion(node, expectedVersion);
  if (node.status !== "failed" && node.status !== "cancelled")
    throw new ConflictError(`node #${node.ordinal} is ${node.status}; only failed or cancelled nodes can be retried`);
  const updated = await withEvents(db, (tx, emit) =>
    transitionNode(tx, emit, node, "approved", { error: null, progress: 0 }, "retried by a reviewer"),
  );
  wake(node.explorationId);
  return updated;
}

export interface ManualChild {
  parentId: string;
  title: string;
  rationale: string;
  recipe: DataRecipe;
  config: TrainingConfig;
  warmStart: boolean;
}

export async function addManualChild(db: Db, input: ManualChild): Promise<NodeRecord> {
  const parent = await mustFindNode(db, input.parentId);
  if (parent.status !== "succeeded")
    throw new ConflictError(
      `node #${parent.ordinal} is ${parent.status}; children can be added only under a succeeded node`,
    );
  const exploration = await findExploration(db, parent.explorationId);
  if (!exploration) throw new NotFoundError("exploration not found");
  if (!isLiveExploration(exploration.status)) throw new ConflictError(`the exploration is ${exploration.status}`);
  const nodes = await listNodes(db, exploration.id);
  const round = Math.max(1, ...nodes.map((n) => n.round));
  const node = await withEvents(db, (tx, emit) =>
    createNode(
      tx,
      emit,
      {
        explorationId: exploration.id,
        parentId: parent.id,
        round,
        direction: "manual",
        plan: { title: input.title, rationale: input.rationale, hypotheses: [], warmStart: input.warmStart },
        recipe: input.recipe,
        config: input.config,
        task: { id: exploration.taskId, seed: exploration.seed },
        baseFingerprint: input.warmStart ? parent.fingerprint : null,
      },
      { to: "approved", why: "added by a reviewer" },
    ),
  );
  wake(exploration.id);
  return node;
}

export async function updateBudget(db: Db, explorationId: string, budget: Budget): Promise<void> {
  const exploration = await findExploration(db, explorationId);
  if (!exploration) throw new NotFoundError(`exploration ${explorationId} not found`);
  const spent = spentFor(exploration, await listNodes(db, explorationId), new Date());
  const below = budgetBelowSpent(budget, spent);
  if (below) throw new ConflictError(`budget not changed: ${below}`);
  await withEvents(db, async (tx, emit) => {
    await updateExplorationBudget(tx, explorationId, budget);
    await emit(explorationId, "exploration.budget", null, { budget, spent });
  });
  wake(explorationId);
}
