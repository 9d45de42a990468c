/**
 * A leaderboard entry leaves as a self-contained record and comes back in, on another instance, verified and marked
 * imported. Only a finished exploration's entry exports: while it runs its test score is sealed.
 */
import os from "node:os";
import type { Db } from "../db.ts";
import { env } from "../env.ts";
import { sealRecord, verifyRecord, type EntryRecord } from "../domain/leaderboard/entry-record.ts";
import { isRankedTask, type SplitHashes } from "../domain/leaderboard/data-recognition.ts";
import { evaluationSettingsSchema } from "../domain/tasks/evaluation-settings.ts";
import { findFtBenchTask } from "../domain/tasks/ftbench-tasks.ts";
import { ConflictError, InvalidInputError, NotFoundError } from "../domain/errors.ts";
import { findExploration } from "../repositories/exploration-repository.ts";
import { findEntryOfExploration, findImportedEntry, insertEntry } from "../repositories/leaderboard-repository.ts";
import { findNode } from "../repositories/node-repository.ts";
import { isEndedExploration } from "../contract/statuses.ts";
import { recogniseSplitHashes } from "./ftbench-service.ts";

/** How this instance names itself in the records it exports. */
export const instanceName = () => env.TREX_PUBLIC_URL ?? `trex@${os.hostname()}`;

export async function exportEntryRecord(db: Db, explorationId: string): Promise<EntryRecord> {
  const exploration = await findExploration(db, explorationId);
  if (!exploration) throw new NotFoundError(`exploration ${explorationId} not found`);
  if (!isEndedExploration(exploration.status))
    throw new ConflictError(`the exploration is ${exploration.status}: its entry exports once it has ended`);
  const entry = await findEntryOfExploration(db, explorationId);
  if (!entry) throw new NotFoundError("this exploration has no leaderboard entry to export");
  const node = await findNode(db, entry.nodeId);
  if (!node) throw new NotFoundError(`the entry's node ${entry.nodeId} is gone`);
  return sealRecord({
    format: "trex-leaderboard-entry",
    version: 1,
    exportedAt: new Date().toISOString(),
    source: { instance: instanceName(), explorationId, nodeId: entry.nodeId },
    title: entry.title || exploration.title,
    task: {
      id: entry.taskId,
      dataStatus: entry.dataStatus as EntryRecord["task"]["dataStatus"],
      dataHash: entry.dataHash,
      splitHashes: JSON.parse(entry.splitHashes) as SplitHashes,
    },
    baseModel: entry.baseModel,
    method: node.config.method,
    policy: entry.policy,
    planner: entry.planner,
    evaluation: evaluationSettingsSchema.parse(JSON.parse(entry.evaluation)),
    best: { config: node.config, recipe: node.recipe },
    scores: { validation: entry.score, test: entry.testScore, baseline: entry.baselineScore, gain: entry.gain },
    cost: {
      computeSeconds: entry.computeSeconds,
      tokens: entry.tokens,
      timeToBestSeconds: entry.timeToBestSeconds,
    },
  });
}

/** Verifies a record from elsewhere and ranks it in `workspaceId`, marked imported; a bad record gets one sentence. */
export async function importEntryRecord(db: Db, raw: unknown, workspaceId: string) {
  const verified = verifyRecord(raw);
  if (!verified.ok) throw new InvalidInputError(`import refused: ${verified.reason}`);
  const r = verified.record;
  if (!isRankedTask(r.task.id)) throw new InvalidInputError(`import refused: unknown task "${r.task.id}"`);
  if (r.task.dataStatus === "mini" ? !!findFtBenchTask(r.task.id) : !findFtBenchTask(r.task.id))
    throw new InvalidInputError(`import refused: ${r.task.id} cannot have ${r.task.dataStatus} data`);
  // the data's status is decided here, against the official splits recorded on this instance
  const data = await recogniseSplitHashes(db, r.task.id, r.task.splitHashes);
  if (r.task.dataStatus === "official" && data.compared && data.status !== "official")
    throw new InvalidInputError(`import refused: the record says official data, but ${data.note}`);
  if (await findImportedEntry(db, workspaceId, r.source.instance, r.source.nodeId))
    throw new ConflictError(`this record (node ${r.source.nodeId} of ${r.source.instance}) is already imported here`);
  return insertEntry(db, {
    explorationId: null,
    workspaceId,
    taskId: r.task.id,
    nodeId: r.source.nodeId,
    title: r.title,
    policy: r.policy,
    planner: r.planner,
    baseModel: r.baseModel,
    method: r.method,
    score: r.scores.validation,
    testScore: r.scores.test,
    baselineScore: r.scores.baseline,
    gain: r.scores.gain,
    computeSeconds: r.cost.computeSeconds,
    tokens: r.cost.tokens,
    timeToBestSeconds: r.cost.timeToBestSeconds,
    dataStatus: data.status,
    dataHash: data.dataHash,
    splitHashes: JSON.stringify(data.splitHashes),
    dataNote: data.note,
    evaluation: JSON.stringify(r.evaluation),
    importedFrom: r.source.instance,
    record: JSON.stringify(r),
  });
}
