/** Reading a node for the inspector: its facts, its jobs, the log tail and the training curve. */
import type { Db } from "../db.ts";
import { findNode } from "../repositories/node-repository.ts";
import { latestJobOfNode } from "../repositories/job-repository.ts";
import { getRunner } from "../runners/registry.ts";
import { NotFoundError } from "./errors.ts";

export interface CurvePoint {
  step: number;
  loss: number | null;
  lr: number;
}

export async function getNodeDetail(db: Db, id: string) {
  const node = await findNode(db, id);
  if (!node) throw new NotFoundError(`node ${id} not found`);
  const job = await latestJobOfNode(db, id);
  let logTail = "";
  const curve: CurvePoint[] = [];
  if (job?.workDir) {
    const runner = getRunner(job.runnerKind);
    const ref = { jobId: job.id, externalId: job.externalId, workDir: job.workDir };
    logTail = await runner.readLogTail(ref, 4000).catch(() => "");
    const { events } = await runner.readEvents(ref, 0).catch(() => ({ events: [] }));
    for (const e of events) if (e.type === "progress") curve.push({ step: e.step, loss: e.loss, lr: e.lr });
  }
  return {
    node,
    job: job ? { id: job.id, status: job.status, attempt: job.attempt, runnerKind: job.runnerKind, externalId: job.externalId, error: job.error } : null,
    logTail,
    curve,
  };
}
