/**
 * A node's life: `createNode` is the one way a node comes into a tree, `transitionNode` the one way it changes
 * status (and `restorePrunedNode` the one way out of "pruned", when a prune is undone); each writes its event.
 */
import { canTransitionNode, PRUNE_RESTORABLE_STATUSES, type NodeStatus } from "../contract/statuses.ts";
import { fingerprintOf } from "../domain/tree/fingerprint.ts";
import {
  findNode,
  insertNode,
  updateNodeIfVersion,
  type NewNode,
  type NodeRecord,
  type NodeUpdate,
} from "../repositories/node-repository.ts";
import { ConflictError, NotFoundError } from "../domain/errors.ts";
import type { Emit, Tx } from "./transaction.ts";

/** What a plan makes of a node; its fingerprint is computed here from the task, the seed and what it trains. */
export interface NodeDraft extends Omit<NewNode, "status" | "fingerprint"> {
  task: { id: string; seed: number };
  /** the parent's fingerprint when the node starts from the parent's weights, else null */
  baseFingerprint: string | null;
  /** the status it is stored with (default "proposed"; "approved" for a plan that already failed) */
  status?: NodeStatus;
}

/** Where the new node goes at once: a status with the facts and the reason that come with it. */
export interface FirstStep {
  to: NodeStatus;
  changes?: NodeUpdate;
  why?: string;
}

/** Stores the node (numbered next in its exploration), announces `node.created`, then takes its first step. */
export async function createNode(tx: Tx, emit: Emit, draft: NodeDraft, first: FirstStep): Promise<NodeRecord> {
  const { task, baseFingerprint, status = "proposed", ...node } = draft;
  const created = await insertNode(tx, {
    ...node,
    status,
    fingerprint: fingerprintOf({
      taskId: task.id,
      taskSeed: task.seed,
      baseFingerprint,
      recipe: node.recipe,
      config: node.config,
    }),
  });
  await emit(created.explorationId, "node.created", created.id, {
    parentId: created.parentId,
    ordinal: created.ordinal,
    round: created.round,
    direction: created.direction,
    title: created.plan.title,
    ...(created.plan.repairOf ? { repairOf: created.plan.repairOf } : {}),
  });
  return transitionNode(tx, emit, created, first.to, first.changes, first.why);
}

export async function transitionNode(
  tx: Tx,
  emit: Emit,
  node: Pick<NodeRecord, "id" | "status" | "version" | "explorationId">,
  to: NodeStatus,
  changes: NodeUpdate = {},
  why?: string,
): Promise<NodeRecord> {
  if (!canTransitionNode(node.status, to)) {
    throw new ConflictError(`node is ${node.status.replace("_", " ")}; it cannot become ${to.replace("_", " ")}`);
  }
  return writeStatus(tx, emit, node, to, changes, why);
}

/** Undoing a prune: a pruned node goes back to the status the prune found it in. */
export async function restorePrunedNode(
  tx: Tx,
  emit: Emit,
  node: Pick<NodeRecord, "id" | "status" | "version" | "explorationId">,
  to: NodeStatus,
  why: string,
): Promise<NodeRecord> {
  if (node.status !== "pruned" || !PRUNE_RESTORABLE_STATUSES.includes(to))
    throw new ConflictError(`node is ${node.status.replace("_", " ")}; undoing a prune cannot make it ${to}`);
  return writeStatus(tx, emit, node, to, {}, why);
}

async function writeStatus(
  tx: Tx,
  emit: Emit,
  node: Pick<NodeRecord, "id" | "status" | "version" | "explorationId">,
  to: NodeStatus,
  changes: NodeUpdate,
  why: string | undefined,
): Promise<NodeRecord> {
  const updated = await updateNodeIfVersion(tx, node.id, node.version, { ...changes, status: to });
  if (!updated) {
    const now = await findNode(tx, node.id);
    if (!now) throw new NotFoundError("node not found");
    throw new ConflictError(
      `someone else changed this node first (it is now ${now.status.replace("_", " ")}); reload and try again`,
    );
  }
  await emit(node.explorationId, "node.status", node.id, {
    from: node.status,
    to,
    ...(why ? { reason: why } : {}),
    score: updated.score,
    error: updated.error,
    reusedFromId: updated.reusedFromId,
    progress: updated.progress,
  });
  return updated;
}
