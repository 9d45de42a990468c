/**
 * Approved nodes go to their runner, up to its concurrency, in fair-share order across the explorations that
 * use it (domain/explorations/fair-share.ts); an identical earlier experiment is reused instead, without a slot
 * (unless the exploration switched reuse off).
 */
import { randomUUID } from "node:crypto";
import type { Db } from "../db.ts";
import { buildJobSpec } from "../agents/executor-agent.ts";
import type { ExplorationRecord } from "../repositories/exploration-repository.ts";
import { countJobsOfNode, insertJob, listActiveJobs, updateJob } from "../repositories/job-repository.ts";
import {
  findNode,
  findReusableNode,
  listNodesWithStatus,
  listWaitingNodes,
  type NodeRecord,
} from "../repositories/node-repository.ts";
import { fairOrder } from "../domain/explorations/fair-share.ts";
import { getBus } from "./event-bus.ts";
import { getRunner } from "./runner-registry.ts";
import type { BundleFile } from "../runners/types.ts";
import { findDataset } from "../repositories/dataset-repository.ts";
import { datasetBundle } from "./dataset-service.ts";
import { heldByDryRun } from "./dry-run-service.ts";
import { inTurn } from "./in-turn.ts";
import { transitionNode } from "./node-lifecycle.ts";
import { withEvents } from "./transaction.ts";

export async function dispatchApproved(db: Db, exploration: ExplorationRecord): Promise<number> {
  const approved = await listNodesWithStatus(db, exploration.id, ["approved"]);
  if (approved.length === 0) return 0;
  const waiting: NodeRecord[] = [];
  for (const node of approved) {
    if (await heldByDryRun(db, exploration, node)) continue; // the next step dry-runs it, then it may go
    if (!(await reuseEarlierResult(db, exploration, node))) waiting.push(node);
  }
  if (waiting.length === 0) return 0;
  // one decision at a time per runner: two explorations' ticks must not hand out the same free slot
  return inTurn(`dispatch:${exploration.runnerName}`, async () => {
    const runner = await getRunner(db, exploration.runnerName);
    const active = (await listActiveJobs(db)).filter((j) => j.runnerName === exploration.runnerName);
    const free = runner.concurrency - active.length;
    if (free <= 0) return 0;
    const running = new Map<string, number>();
    for (const j of active) running.set(j.node.explorationId, (running.get(j.node.explorationId) ?? 0) + 1);
    const turns = fairOrder(await listWaitingNodes(db, exploration.runnerName), running).slice(0, free);
    const mine = new Map(waiting.map((n) => [n.id, n]));
    let dispatched = 0;
    for (const turn of turns) {
      const node = mine.get(turn.nodeId);
      if (node) {
        await dispatchOne(db, exploration, node);
        dispatched++;
      } else if (turn.explorationId !== exploration.id) getBus().emit("wake", turn.explorationId); // its turn: let it take the slot
    }
    return dispatched;
  });
}

async function reuseEarlierResult(db: Db, exploration: ExplorationRecord, node: NodeRecord): Promise<boolean> {
  if (!exploration.ablations.reuse) return false; // switched off for an ablation: every plan trains
  const earlier = await findReusableNode(
    db,
    { taskId: exploration.taskId, workspaceId: exploration.workspaceId },
    node.fingerprint,
    node.id,
  );
  if (!earlier) return false;
  await withEvents(db, (tx, emit) =>
    transitionNode(
      tx,
      emit,
      node,
      "succeeded",
      {
        reusedFromId: earlier.id,
        metrics: JSON.stringify(earlier.metrics ?? {}),
        score: earlier.score,
        testScore: earlier.testScore,
        report: JSON.stringify(earlier.report ?? {}),
        checkpoint: earlier.checkpoint,
        progress: 1,
      },
      `identical to node #${earlier.ordinal}: its result is reused, no training`,
    ),
  );
  return true;
}

/** An exploration on an uploaded dataset: the files its jobs carry. */
async function dataOf(db: Db, exploration: ExplorationRecord) {
  if (!exploration.datasetId) return null;
  const dataset = await findDataset(db, exploration.datasetId);
  if (!dataset) throw new Error(`the dataset of this exploration (${exploration.datasetId}) is gone`);
  return datasetBundle(dataset, exploration.seed);
}

async function dispatchOne(db: Db, exploration: ExplorationRecord, node: NodeRecord): Promise<void> {
  const runner = await getRunner(db, exploration.runnerName);
  const parent = node.parentId ? await findNode(db, node.parentId) : null;
  const initFrom = node.plan.warmStart && parent?.checkpoint ? parent.checkpoint : null;
  const jobId = `j${randomUUID().replaceAll("-", "").slice(0, 20)}`;
  let spec;
  let files: BundleFile[] = [];
  try {
    const data = await dataOf(db, exploration);
    files = data?.files ?? [];
    spec = buildJobSpec(jobId, node, exploration, initFrom, data?.taskFiles);
  } catch (e) {
    await withEvents(db, (tx, emit) =>
      transitionNode(tx, emit, node, "failed", { error: (e as Error).message }, (e as Error).message),
    );
    return;
  }
  const attempt = (await countJobsOfNode(db, node.id)) + 1;
  // The job row exists before the worker starts: a crash in between leaves a record to reconcile, not a ghost.
  await withEvents(db, async (tx, emit) => {
    await insertJob(tx, { id: jobId, nodeId: node.id, runnerName: exploration.runnerName, workDir: "", attempt });
    await transitionNode(tx, emit, node, "queued", { progress: 0, error: null });
  });
  try {
    const { externalId, workDir } = await runner.submit(spec, files);
    await updateJob(db, jobId, { externalId, workDir, heartbeatAt: new Date() });
  } catch (e) {
    const message = `could not submit to the ${runner.kind} runner: ${(e as Error).message}`;
    await withEvents(db, async (tx, emit) => {
      await updateJob(tx, jobId, { status: "failed", error: message, finishedAt: new Date() });
      const fresh = await findNode(tx, node.id);
      if (fresh) await transitionNode(tx, emit, fresh, "failed", { error: message }, message);
    });
  }
}
