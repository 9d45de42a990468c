/**
 * Follows every active job of an exploration: progress into the node, results into the tree.
 * It is also the reconciliation after a restart: jobs are persisted, so the same code finds them again.
 */
import { preparationProgress } from "./preparation-progress.ts";
import { isDispatchedNode } from "../contract/statuses.ts";
import type { Db } from "../db.ts";
import { getBus } from "./event-bus.ts";
import { listActiveJobs, updateJob } from "../repositories/job-repository.ts";
import { findNode, updateNodeProgress } from "../repositories/node-repository.ts";
import { resultToNodeUpdate } from "../agents/executor-agent.ts";
import { recordEvaluation } from "./evaluation-service.ts";
import { getRunner } from "./runner-registry.ts";
import { type JobRef, type Runner, type RunnerJobState } from "../runners/types.ts";
import { RunnerError } from "../runners/errors.ts";
import { syntheticResult, type JobResult, type WorkerEvent } from "../contract/job-protocol.ts";
import { transitionNode } from "./node-lifecycle.ts";
import { withEvents } from "./transaction.ts";

/** A job whose worker is gone and left no result for this long is declared lost. */
const RESULT_GRACE_MS = 5_000;

type ActiveJob = Awaited<ReturnType<typeof listActiveJobs>>[number];

const refOf = (j: ActiveJob): JobRef => ({ jobId: j.id, externalId: j.externalId, workDir: j.workDir });

export async function absorbJobs(db: Db, explorationId: string, now: () => Date): Promise<number> {
  const jobs = await listActiveJobs(db, explorationId);
  if (jobs.length === 0) return 0;
  const byRunner = new Map<string, ActiveJob[]>();
  for (const j of jobs) byRunner.set(j.runnerName, [...(byRunner.get(j.runnerName) ?? []), j]);
  let finished = 0;
  for (const [name, list] of byRunner) {
    let runner: Runner;
    try {
      runner = await getRunner(db, name);
    } catch (e) {
      if (!(e instanceof RunnerError)) throw e;
      // the runner was removed from the settings: nothing can follow these jobs any more
      for (const job of list)
        await finishJob(
          db,
          job,
          syntheticResult(job.id, "failed", `${e.message}; retry the node on another runner`),
          "lost",
        );
      finished += list.length;
      continue;
    }
    const states = await runner.status(list.map(refOf));
    for (const job of list) {
      if (await followJob(db, runner, job, states.get(job.id) ?? "unknown", now)) finished++;
    }
  }
  return finished;
}

async function followJob(
  db: Db,
  runner: Runner,
  job: ActiveJob,
  state: RunnerJobState,
  now: () => Date,
): Promise<boolean> {
  const ref = refOf(job);
  const chunk = await runner.readEvents(ref, job.eventsOffset);
  await applyWorkerEvents(db, job, chunk.events);
  if (chunk.offset !== job.eventsOffset)
    await updateJob(db, job.id, { eventsOffset: chunk.offset, heartbeatAt: now() });

  const result = await runner.fetchResult(ref).catch((e: Error) => syntheticResult(job.id, "failed", e.message));
  if (result) {
    await finishJob(db, job, result);
    return true;
  }
  const quietFor = now().getTime() - (job.heartbeatAt ?? job.startedAt ?? job.createdAt).getTime();
  if ((state === "exited" || state === "unknown") && quietFor > RESULT_GRACE_MS) {
    const tail = (await runner.readLogTail(ref, 1200)).trim().split("\n").slice(-3).join(" | ");
    const why =
      state === "exited" ? "the worker exited without writing a result" : "the runner no longer knows this job";
    await finishJob(db, job, syntheticResult(job.id, "failed", tail ? `${why}: ${tail}` : why), "lost");
    return true;
  }
  return false;
}

async function applyWorkerEvents(db: Db, job: ActiveJob, events: readonly WorkerEvent[]): Promise<void> {
  if (events.length === 0) return;
  const started = events.find((e) => e.type === "started");
  if (started) {
    await withEvents(db, async (tx, emit) => {
      const node = await findNode(tx, job.nodeId);
      if (node?.status === "queued") await transitionNode(tx, emit, node, "running");
    });
    await updateJob(db, job.id, { status: "running", startedAt: new Date(started.t * 1000) });
  }
  const preparing = preparationProgress(job.node.explorationId, job.nodeId, events);
  if (preparing) getBus().emit("progress", preparing);
  const progress = [...events].reverse().find((e) => e.type === "progress");
  if (progress && progress.type === "progress") {
    const fraction = progress.totalSteps > 0 ? Math.min(1, progress.step / progress.totalSteps) : 0;
    await updateNodeProgress(db, job.nodeId, fraction);
    const bus = getBus();
    for (const e of events) {
      if (e.type !== "progress") continue;
      bus.emit("progress", {
        explorationId: job.node.explorationId,
        nodeId: job.nodeId,
        step: e.step,
        totalSteps: e.totalSteps,
        loss: e.loss,
        lr: e.lr,
        progress: e.totalSteps > 0 ? Math.min(1, e.step / e.totalSteps) : 0,
        t: e.t,
      });
    }
  }
}

async function finishJob(db: Db, job: ActiveJob, result: JobResult, jobStatus?: "lost"): Promise<void> {
  await withEvents(db, async (tx, emit) => {
    await updateJob(tx, job.id, {
      status: jobStatus ?? result.status,
      finishedAt: new Date(),
      error: result.error ?? null,
    });
    const node = await findNode(tx, job.nodeId);
    if (!node || !isDispatchedNode(node.status)) return; // cancelled or pruned meanwhile
    const to = result.status === "succeeded" ? "succeeded" : result.status === "cancelled" ? "cancelled" : "failed";
    const updated = await transitionNode(tx, emit, node, to, resultToNodeUpdate(result), result.error);
    await emit(node.explorationId, "node.result", node.id, {
      score: updated.score,
      // test scores never travel in events (test-seal.ts): readers get them from the tree once they open
      metrics: { validation: result.metrics.validation ?? {} },
      computeSeconds: updated.computeSeconds,
    });
  });
  // agents: the node's evaluation report and the exploration's insights (never throws; a failure only skips them)
  await recordEvaluation(db, job.nodeId);
}
