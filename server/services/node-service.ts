/** Reading a node for the inspector: its facts, its jobs, the log tail and the training curve. */
import type { Db } from "../db.ts";
import { findNode } from "../repositories/node-repository.ts";
import { latestJobOfNode } from "../repositories/job-repository.ts";
import { getRunner } from "./runner-registry.ts";
import type { WorkerEvent } from "../contract/job-protocol.ts";
import { findExploration } from "../repositories/exploration-repository.ts";
import { isTestEvaluationLine, sealNode, testScoresSealed } from "../domain/explorations/test-seal.ts";
import { NotFoundError } from "../domain/errors.ts";
import { pruneOfNode } from "./prune-service.ts";

function formatEvent(e: WorkerEvent): string {
  const time = new Date(e.t * 1000).toISOString().slice(11, 19);
  switch (e.type) {
    case "progress":
      return `${time} step ${e.step}/${e.totalSteps} loss ${e.loss?.toFixed(4) ?? "–"} lr ${e.lr.toExponential(2)} ${Math.round(e.tokensPerSecond)} tok/s`;
    case "validation":
      return `${time} step ${e.step} validation loss ${e.loss?.toFixed(4) ?? "–"}`;
    case "eval":
      return `${time} eval ${e.split} ${Object.entries(e.metrics)
        .map(([k, v]) => `${k}=${v.toFixed(4)}`)
        .join(" ")}`;
    case "prepare":
      return `${time} ${e.what}: step ${e.step}/${e.totalSteps}`;
    case "recipe":
      return `${time} recipe ${e.op}: ${e.rowsIn} → ${e.rowsOut} rows`;
    case "log":
      return `${time} ${e.level} ${e.message}`;
    case "started":
      return `${time} worker started (pid ${e.pid})`;
    case "finished":
      return `${time} finished: ${e.status}`;
    case "heartbeat":
      return `${time} heartbeat`;
  }
}

export interface CurvePoint {
  step: number;
  loss: number | null;
  lr: number;
}

/** A validation evaluation during or after training: the metrics at that step (test evaluations are never curves). */
export interface EvalPoint {
  step: number;
  metrics: Record<string, number>;
}

/** The loss on held-out validation rows during training (the worker's `validation` events). */
export interface ValidationLossPoint {
  step: number;
  loss: number | null;
}

/** A node for the inspector; while test scores are sealed, its test score, test metrics and test evaluation lines are left out. */
export async function getNodeDetail(db: Db, id: string) {
  const stored = await findNode(db, id);
  if (!stored) throw new NotFoundError(`node ${id} not found`);
  const exploration = await findExploration(db, stored.explorationId);
  const sealed = !exploration || testScoresSealed(exploration);
  const node = sealed ? sealNode(stored) : stored;
  const job = await latestJobOfNode(db, id);
  let logTail = "";
  const curve: CurvePoint[] = [];
  const validation: EvalPoint[] = [];
  const validationLoss: ValidationLossPoint[] = [];
  if (job?.workDir) {
    const runner = await getRunner(db, job.runnerName).catch(() => null);
    const ref = { jobId: job.id, externalId: job.externalId, workDir: job.workDir };
    const stderr = runner
      ? await runner.readLogTail(ref, 4000).catch(() => "")
      : `runner "${job.runnerName}" is no longer configured`;
    const { events } = runner
      ? await runner.readEvents(ref, 0).catch(() => ({ events: [] as WorkerEvent[] }))
      : { events: [] as WorkerEvent[] };
    for (const e of events) {
      if (e.type === "progress") curve.push({ step: e.step, loss: e.loss, lr: e.lr });
      else if (e.type === "eval" && e.split === "validation") validation.push({ step: e.step, metrics: e.metrics });
      else if (e.type === "validation") validationLoss.push({ step: e.step, loss: e.loss });
    }
    const shown = events.filter((e) => e.type !== "heartbeat" && !(sealed && e.type === "eval" && e.split === "test"));
    const log = stderr
      .trim()
      .split("\n")
      .filter((line) => !(sealed && isTestEvaluationLine(line)));
    logTail = [...shown.slice(-40).map(formatEvent), log.join("\n")].filter(Boolean).join("\n");
  }
  return {
    node,
    prune: await pruneOfNode(db, id, stored.explorationId),
    testScoresSealed: sealed,
    job: job
      ? {
          id: job.id,
          status: job.status,
          attempt: job.attempt,
          runnerName: job.runnerName,
          externalId: job.externalId,
          error: job.error,
        }
      : null,
    logTail,
    curve,
    validation,
    validationLoss,
  };
}
