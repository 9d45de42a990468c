/** The one function through which a node changes status; every change writes an event. */
import { canTransitionNode, type NodeStatus } from "../contract/statuses.ts";
import { findNode, updateNodeIfVersion, type NodeRecord, type NodeUpdate } from "../repositories/node-repository.ts";
import { ConflictError, NotFoundError } from "../domain/errors.ts";
import type { Emit, Tx } from "./transaction.ts";

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
