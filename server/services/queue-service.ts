/**
 * Where an exploration's waiting nodes stand on their runner: the position in the runner's fair-share queue
 * (all explorations on it), the reason they wait ("local runner: 2 of 2 slots busy") and when they should
 * start: from the running jobs' progress, and the runner's measured pace (seconds per training step of its
 * recent runs) times the steps of each run ahead. No finished training run yet: no estimate, said so.
 */
import type { Db } from "../db.ts";
import {
  estimateStartSeconds,
  fairOrder,
  median,
  remainingSeconds,
  runSeconds,
} from "../domain/explorations/fair-share.ts";
import { listActiveJobs, recentJobRuns, stepsOfNodes } from "../repositories/job-repository.ts";
import { listNodesWithStatus, listWaitingNodes } from "../repositories/node-repository.ts";
import { getRunner } from "./runner-registry.ts";
import { getExploration } from "./exploration-service.ts";

export interface QueuedNode {
  nodeId: string;
  /** 1-based place in the runner's queue; null when the node is not in it (the exploration is paused, or it is submitted) */
  position: number | null;
  /** nodes in the runner's queue */
  of: number;
  reason: string;
  /** when it should start; null when nothing is known to estimate it */
  estimatedStartAt: Date | null;
}

export interface ExplorationQueue {
  runner: { name: string; slots: number; busy: number };
  nodes: QueuedNode[];
}

export async function getExplorationQueue(
  db: Db,
  explorationId: string,
  now: Date = new Date(),
): Promise<ExplorationQueue> {
  const exploration = await getExploration(db, explorationId);
  const name = exploration.runnerName;
  const [approved, submitted] = await Promise.all([
    listNodesWithStatus(db, explorationId, ["approved"]),
    listNodesWithStatus(db, explorationId, ["queued"]),
  ]);
  const runner = await getRunner(db, name).catch(() => null);
  if (!runner) {
    const reason = `the ${name} runner is not configured any more: retry these nodes on another runner`;
    return {
      runner: { name, slots: 0, busy: 0 },
      nodes: approved.map((n) => ({ nodeId: n.id, position: null, of: 0, reason, estimatedStartAt: null })),
    };
  }
  const active = (await listActiveJobs(db)).filter((j) => j.runnerName === name);
  const slots = runner.concurrency;
  const busy = active.length;
  const running = new Map<string, number>();
  for (const j of active) running.set(j.node.explorationId, (running.get(j.node.explorationId) ?? 0) + 1);
  const order = fairOrder(await listWaitingNodes(db, name), running);
  // the runner's pace: seconds per training step of its recent runs, and what an evaluation-only run takes
  const runs = await recentJobRuns(db, name);
  const evalSeconds = median(runs.filter((r) => r.steps === 0).map((r) => r.seconds));
  const perStep = median(
    runs.filter((r) => r.steps > 0).map((r) => Math.max(0, r.seconds - (evalSeconds ?? 0)) / r.steps),
  );
  const steps = await stepsOfNodes(db, [...active.map((j) => j.nodeId), ...order.map((o) => o.nodeId)]);
  const expected = (nodeId: string) => runSeconds(steps.get(nodeId) ?? 0, perStep, evalSeconds);
  const left = active.map((j) =>
    remainingSeconds(
      (now.getTime() - (j.startedAt ?? j.createdAt).getTime()) / 1000,
      j.node.progress,
      expected(j.nodeId),
    ),
  );
  const starts = estimateStartSeconds(
    order.map((o) => expected(o.nodeId)),
    slots,
    left,
  );
  const load = `${name} runner: ${busy} of ${slots} slot${slots === 1 ? "" : "s"} busy`;
  const others = new Set(order.map((o) => o.explorationId)).size - 1;

  const nodes: QueuedNode[] = approved.map((n) => {
    if (exploration.status !== "running")
      return {
        nodeId: n.id,
        position: null,
        of: order.length,
        reason: `the exploration is ${exploration.status}`,
        estimatedStartAt: null,
      };
    const index = order.findIndex((o) => o.nodeId === n.id);
    const start = starts[index];
    const ahead = index < 0 ? 0 : index;
    const share = others > 0 ? `; shared fairly with ${others} other exploration${others === 1 ? "" : "s"}` : "";
    const reason =
      busy < slots && ahead < slots - busy
        ? `${load}: starting now`
        : `${load}${ahead > 0 ? `, ${ahead} ahead in the queue` : ""}${share}`;
    return {
      nodeId: n.id,
      position: index < 0 ? null : index + 1,
      of: order.length,
      reason,
      estimatedStartAt: start === null || start === undefined ? null : new Date(now.getTime() + start * 1000),
    };
  });
  for (const n of submitted)
    nodes.push({
      nodeId: n.id,
      position: null,
      of: order.length,
      reason: `submitted to the ${name} runner; waiting for it to start the worker`,
      estimatedStartAt: null,
    });
  return { runner: { name, slots, busy }, nodes };
}
