/**
 * A reviewer prunes a subtree, saying why (its running or queued jobs are cancelled), and may undo the prune
 * while nothing under the pruned node has run. The `node.pruned` event records the reason and what each node
 * was, so the undo puts every node back exactly where the prune found it.
 */
import type { Db } from "../db.ts";
import type { PrunePayload } from "../contract/event-types.ts";
import { activePrunes, pruneReasonsByNode, undoPruneProblem } from "../domain/tree/prune-record.ts";
import { indexTree } from "../domain/tree/tree.ts";
import { findExploration } from "../repositories/exploration-repository.ts";
import { listPruneEvents } from "../repositories/event-repository.ts";
import { listActiveJobs } from "../repositories/job-repository.ts";
import { listNodes, listTreeNodes } from "../repositories/node-repository.ts";
import { ConflictError, NotFoundError } from "../domain/errors.ts";
import { cancelJob } from "./job-cancellation.ts";
import { restorePrunedNode, transitionNode } from "./node-lifecycle.ts";
import { checkVersion, mustFindNode, wake } from "./review-guards.ts";
import { withEvents } from "./transaction.ts";

/** Prunes the node and everything under it; running or queued jobs in the subtree are cancelled. */
export async function pruneSubtree(db: Db, id: string, reason: string, expectedVersion?: number): Promise<number> {
  const node = await mustFindNode(db, id);
  checkVersion(node, expectedVersion);
  if (node.parentId === null) throw new ConflictError("the baseline cannot be pruned; stop the exploration instead");
  if (node.status === "pruned") throw new ConflictError(`node #${node.ordinal} is already pruned`);
  const index = indexTree(await listTreeNodes(db, node.explorationId));
  const subtree = new Set<string>();
  const stack = [node.id];
  while (stack.length > 0) {
    const cur = stack.pop();
    if (!cur || subtree.has(cur)) continue;
    subtree.add(cur);
    for (const c of index.children.get(cur) ?? []) stack.push(c.id);
  }
  for (const job of await listActiveJobs(db, node.explorationId)) {
    if (subtree.has(job.nodeId)) await cancelJob(db, job, `pruned with node #${node.ordinal}`);
  }
  // the pruned node itself keeps the version the reviewer saw: if someone acted on it meanwhile, this prune
  // loses with a conflict instead of overriding them; its descendants are taken as they are now
  const nodes = (await listNodes(db, node.explorationId))
    .filter((n) => subtree.has(n.id))
    .map((n) => (n.id === node.id ? node : n));
  const changed: PrunePayload["changed"] = [];
  await withEvents(db, async (tx, emit) => {
    for (const n of nodes) {
      if (n.status === "pruned") continue;
      const to = n.status === "queued" || n.status === "running" ? "cancelled" : "pruned";
      await transitionNode(
        tx,
        emit,
        n,
        to,
        {},
        n.id === node.id ? "pruned by a reviewer" : `under pruned node #${node.ordinal}`,
      );
      changed.push({ id: n.id, ordinal: n.ordinal, from: n.status, to });
    }
    await emit(node.explorationId, "node.pruned", node.id, {
      ordinal: node.ordinal,
      reason,
      changed,
    } satisfies PrunePayload);
  });
  wake(node.explorationId);
  return changed.length;
}

/** Puts back every node the prune of `id` changed; refused with a sentence once something under it has run. */
export async function undoPrune(db: Db, id: string, expectedVersion?: number): Promise<number> {
  const node = await mustFindNode(db, id);
  checkVersion(node, expectedVersion);
  const active = activePrunes(await listPruneEvents(db, node.explorationId));
  const record = active.get(node.id);
  if (!record) {
    const covering = [...active.values()].find((r) => r.changed.some((c) => c.id === node.id));
    if (covering)
      throw new ConflictError(
        `Node #${node.ordinal} was pruned with #${covering.ordinal} above it; undo the prune on #${covering.ordinal}.`,
      );
    throw new ConflictError(`Node #${node.ordinal} has no prune to undo.`);
  }
  const exploration = await findExploration(db, node.explorationId);
  if (!exploration) throw new NotFoundError("exploration not found");
  const nodes = await listNodes(db, node.explorationId);
  const problem = undoPruneProblem(record, nodes, exploration.status);
  if (problem) throw new ConflictError(problem);
  const byId = new Map(nodes.map((n) => [n.id, n]));
  await withEvents(db, async (tx, emit) => {
    for (const c of record.changed) {
      const now = byId.get(c.id);
      if (now) await restorePrunedNode(tx, emit, now, c.from, `prune of #${record.ordinal} undone by a reviewer`);
    }
    await emit(node.explorationId, "node.unpruned", node.id, {
      ordinal: record.ordinal,
      restored: record.changed.length,
    });
  });
  wake(node.explorationId);
  return record.changed.length;
}

/** For every node a prune in force changed: the reviewer's reason and the ordinal of the node they pruned. */
export async function pruneReasonsOf(db: Db, explorationId: string) {
  return pruneReasonsByNode(activePrunes(await listPruneEvents(db, explorationId)));
}

/** The prune a node is under, as its inspector shows it: why, which node was pruned, whether undo would be refused. */
export async function pruneOfNode(db: Db, nodeId: string, explorationId: string) {
  const active = activePrunes(await listPruneEvents(db, explorationId));
  const record = [...active.values()].reverse().find((r) => r.changed.some((c) => c.id === nodeId));
  if (!record) return null;
  const exploration = await findExploration(db, explorationId);
  const problem =
    record.nodeId === nodeId
      ? undoPruneProblem(record, await listNodes(db, explorationId), exploration?.status ?? "stopped")
      : `Pruned with #${record.ordinal} above it; undo the prune there.`;
  return {
    reason: record.reason,
    prunedNodeId: record.nodeId,
    prunedOrdinal: record.ordinal,
    at: record.at,
    undoProblem: problem,
  };
}
