/** FT-Bench leaderboard: submit an exploration's best node, list (flat and in sections), export, anytime curves. */
import type { Db } from "../db.ts";
import { anytimeCurve, entryFacts, type EvaluatedNode } from "../domain/leaderboard/leaderboard-entry.ts";
import { isRankedTask } from "../domain/leaderboard/data-recognition.ts";
import { leaderboardSections } from "../domain/leaderboard/leaderboard-sections.ts";
import { evaluationSettings, type EvaluationSettings } from "../domain/tasks/evaluation-settings.ts";
import { findExploration } from "../repositories/exploration-repository.ts";
import { findDataset } from "../repositories/dataset-repository.ts";
import {
  findEntryOfExploration,
  insertEntry,
  listEntries,
  listLiveExplorations,
  type EntryScope,
  type LeaderboardRow,
} from "../repositories/leaderboard-repository.ts";
import { listNodes } from "../repositories/node-repository.ts";
import { ConflictError, InvalidInputError, NotFoundError } from "../domain/errors.ts";
import { recogniseExplorationData } from "./ftbench-service.ts";

export type { EntryScope };

async function evaluatedNodes(db: Db, explorationId: string): Promise<EvaluatedNode[]> {
  return (await listNodes(db, explorationId)).map((n) => ({
    id: n.id,
    parentId: n.parentId,
    status: n.status,
    score: n.score,
    testScore: n.testScore,
    computeSeconds: n.computeSeconds,
    tokens: n.tokens,
    reused: n.reusedFromId !== null,
    finishedAt: n.updatedAt,
    method: n.config.method,
  }));
}

function plannerOf(spec: Record<string, unknown>): string {
  return typeof spec.planner === "string" ? spec.planner : "offline expert planner";
}

/** How an exploration's nodes were evaluated: the task's settings with the metric its data is scored with. */
async function evaluationOf(db: Db, exploration: { taskId: string; datasetId: string | null }) {
  const dataset = exploration.datasetId ? await findDataset(db, exploration.datasetId) : null;
  return evaluationSettings(exploration.taskId, dataset?.metric ?? "");
}

export async function submitExploration(db: Db, explorationId: string) {
  const exploration = await findExploration(db, explorationId);
  if (!exploration) throw new NotFoundError(`exploration ${explorationId} not found`);
  if (!isRankedTask(exploration.taskId))
    throw new InvalidInputError(`unknown task "${exploration.taskId}": only FT-Bench tasks are ranked`);
  if (await findEntryOfExploration(db, explorationId))
    throw new ConflictError("this exploration is already on the leaderboard");
  const facts = entryFacts(await evaluatedNodes(db, explorationId), exploration.createdAt);
  if (!facts) throw new ConflictError("nothing to rank yet: the exploration has no trained node that succeeded");
  if (facts.score < 0 || facts.score > 1) throw new InvalidInputError(`score ${facts.score} is outside [0, 1]`);
  const data = await recogniseExplorationData(db, exploration);
  return insertEntry(db, {
    explorationId,
    workspaceId: exploration.workspaceId,
    taskId: exploration.taskId,
    title: exploration.title,
    policy: exploration.policy,
    planner: plannerOf(exploration.spec),
    baseModel: exploration.baseModel,
    ...facts,
    dataStatus: data.status,
    dataHash: data.dataHash,
    splitHashes: JSON.stringify(data.splitHashes),
    dataNote: data.note,
    evaluation: JSON.stringify(await evaluationOf(db, exploration)),
  });
}

/** Submits a finished exploration if it has something to rank; never throws (called by the loop). */
export async function submitIfRankable(db: Db, explorationId: string): Promise<boolean> {
  try {
    await submitExploration(db, explorationId);
    return true;
  } catch {
    return false;
  }
}

/** An exploration still searching: its place is provisional, and its test scores stay sealed. */
const LIVE_STATUSES = ["running", "paused"];

function lineOfEntry(e: LeaderboardRow) {
  const live = e.exploration !== null && LIVE_STATUSES.includes(e.exploration.status);
  return {
    id: e.id,
    explorationId: e.explorationId,
    title: e.exploration?.title ?? e.title,
    status: e.exploration?.status ?? "imported",
    provisional: live,
    taskId: e.taskId,
    nodeId: e.nodeId,
    policy: e.policy,
    planner: e.planner,
    baseModel: e.baseModel,
    method: e.method,
    score: e.score,
    testScore: live ? null : e.testScore,
    baselineScore: e.baselineScore,
    gain: e.gain,
    computeSeconds: e.computeSeconds,
    tokens: e.tokens,
    timeToBestSeconds: e.timeToBestSeconds,
    dataStatus: e.dataStatus,
    dataHash: e.dataHash,
    dataNote: e.dataNote,
    evaluation: (e.evaluation === "{}" ? null : JSON.parse(e.evaluation)) as EvaluationSettings | null,
    importedFrom: e.importedFrom,
  };
}
export type LeaderboardLine = ReturnType<typeof lineOfEntry>;

/**
 * Ranked entries, plus every running or paused FT-Bench exploration with a trained node, marked provisional and
 * ranked on its best so far (an entry submitted while its exploration still runs is provisional too).
 */
export async function leaderboard(db: Db, scope: EntryScope = {}): Promise<LeaderboardLine[]> {
  const entries = (await listEntries(db, scope)).map(lineOfEntry);
  const ranked = new Set(entries.map((e) => e.explorationId));
  const live = (await listLiveExplorations(db, scope)).filter((x) => !ranked.has(x.id) && isRankedTask(x.taskId));
  const provisional: LeaderboardLine[] = [];
  for (const x of live) {
    const facts = entryFacts(await evaluatedNodes(db, x.id), x.createdAt);
    if (!facts) continue;
    const data = await recogniseExplorationData(db, x);
    provisional.push({
      ...facts,
      id: `live-${x.id}`,
      explorationId: x.id,
      title: x.title,
      status: x.status,
      provisional: true,
      taskId: x.taskId,
      policy: x.policy,
      planner: plannerOf(JSON.parse(x.spec) as Record<string, unknown>),
      baseModel: x.baseModel,
      testScore: null,
      dataStatus: data.status,
      dataHash: data.dataHash,
      dataNote: data.note,
      evaluation: await evaluationOf(db, x),
      importedFrom: null,
    });
  }
  return [...entries, ...provisional].sort((a, b) => a.taskId.localeCompare(b.taskId) || b.gain - a.gain);
}

/** The board in sections: the paper's tasks on official data beside the paper's numbers, modified data, mini. */
export async function leaderboardBoard(db: Db, scope: EntryScope & { baseModel?: string }) {
  return leaderboardSections(await leaderboard(db, { workspaceIds: scope.workspaceIds }), scope);
}

export async function curvesFor(db: Db, scope: EntryScope = {}) {
  // an imported entry's nodes live on the instance it came from
  const lines = (await leaderboard(db, scope)).flatMap((e) =>
    e.explorationId ? [{ ...e, explorationId: e.explorationId }] : [],
  );
  return Promise.all(
    lines.map(async (e) => ({
      explorationId: e.explorationId,
      label: `${e.title} (${e.policy})${e.provisional ? ", provisional" : ""}`,
      points: anytimeCurve(await evaluatedNodes(db, e.explorationId)),
    })),
  );
}

const CSV_COLUMNS = [
  "taskId",
  "explorationId",
  "title",
  "policy",
  "planner",
  "baseModel",
  "score",
  "testScore",
  "baselineScore",
  "gain",
  "computeSeconds",
  "tokens",
  "timeToBestSeconds",
  "nodeId",
  "status",
  "provisional",
  "method",
  "dataStatus",
  "dataHash",
  "importedFrom",
] as const;

function csvCell(v: unknown): string {
  const s = v === null || v === undefined ? "" : String(v);
  // quote everything that could break a row, and defuse spreadsheet formulas
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) || safe !== s ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export async function exportLeaderboard(db: Db, format: "csv" | "json", scope: EntryScope = {}): Promise<string> {
  const rows = await leaderboard(db, scope);
  if (format === "json")
    return JSON.stringify(
      rows.map((r) => Object.fromEntries(CSV_COLUMNS.map((c) => [c, r[c]]))),
      null,
      2,
    );
  return [CSV_COLUMNS.join(","), ...rows.map((r) => CSV_COLUMNS.map((c) => csvCell(r[c])).join(","))].join("\n");
}
