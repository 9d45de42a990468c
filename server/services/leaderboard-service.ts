/** FT-Bench leaderboard: submit an exploration's best node, import results, list, export, anytime curves. */
import type { Db } from "../db.ts";
import {
  anytimeCurve,
  entryFacts,
  importedResultSchema,
  type EvaluatedNode,
} from "../domain/leaderboard/leaderboard-entry.ts";
import { findTask } from "../domain/tasks/task-registry.ts";
import { findExploration } from "../repositories/exploration-repository.ts";
import {
  findEntryOfExploration,
  insertEntry,
  listEntries,
  listLiveExplorations,
  type EntryScope,
} from "../repositories/leaderboard-repository.ts";
import { listNodes } from "../repositories/node-repository.ts";
import { ConflictError, InvalidInputError, NotFoundError } from "../domain/errors.ts";

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
  }));
}

function plannerOf(spec: Record<string, unknown>): string {
  return typeof spec.planner === "string" ? spec.planner : "offline expert planner";
}

export async function submitExploration(db: Db, explorationId: string) {
  const exploration = await findExploration(db, explorationId);
  if (!exploration) throw new NotFoundError(`exploration ${explorationId} not found`);
  if (!findTask(exploration.taskId))
    throw new InvalidInputError(`unknown task "${exploration.taskId}": only FT-Bench tasks are ranked`);
  if (await findEntryOfExploration(db, explorationId))
    throw new ConflictError("this exploration is already on the leaderboard");
  const facts = entryFacts(await evaluatedNodes(db, explorationId), exploration.createdAt);
  if (!facts) throw new ConflictError("nothing to rank yet: the exploration has no trained node that succeeded");
  if (facts.score < 0 || facts.score > 1) throw new InvalidInputError(`score ${facts.score} is outside [0, 1]`);
  return insertEntry(db, {
    explorationId,
    taskId: exploration.taskId,
    policy: exploration.policy,
    planner: plannerOf(exploration.spec),
    baseModel: exploration.baseModel,
    ...facts,
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

/** `workspaceIds`: where the caller may submit (all when omitted, as for the CLI on the server itself). */
export async function importResult(db: Db, raw: unknown, workspaceIds?: readonly string[]) {
  const parsed = importedResultSchema.safeParse(raw);
  if (!parsed.success)
    throw new InvalidInputError(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
  const r = parsed.data;
  if (!findTask(r.taskId)) throw new InvalidInputError(`unknown task "${r.taskId}"`);
  const exploration = await findExploration(db, r.explorationId);
  // another workspace's exploration reads exactly like a missing one: no hint that it exists
  if (!exploration || (workspaceIds && !workspaceIds.includes(exploration.workspaceId)))
    throw new InvalidInputError(`no exploration ${r.explorationId} here: an entry needs its exploration behind it`);
  if (exploration.taskId !== r.taskId)
    throw new InvalidInputError(`exploration ${r.explorationId} is on ${exploration.taskId}, not ${r.taskId}`);
  if (await findEntryOfExploration(db, r.explorationId))
    throw new ConflictError("duplicate submission: this exploration is already on the leaderboard");
  const root = (await listNodes(db, r.explorationId)).find((n) => n.parentId === null);
  return insertEntry(db, {
    explorationId: r.explorationId,
    taskId: r.taskId,
    nodeId: root?.id ?? "",
    policy: exploration.policy,
    planner: plannerOf(exploration.spec),
    baseModel: exploration.baseModel,
    score: r.score,
    testScore: null,
    baselineScore: r.baselineScore,
    gain: r.score - r.baselineScore,
    computeSeconds: r.computeSeconds,
    tokens: r.tokens,
    timeToBestSeconds: 0,
  });
}

/** An exploration still searching: its place is provisional, and its test scores stay sealed. */
const LIVE_STATUSES = ["running", "paused"];

/**
 * Ranked entries, plus every running or paused FT-Bench exploration with a trained node, marked provisional and
 * ranked on its best so far (an entry submitted while its exploration still runs is provisional too).
 */
export async function leaderboard(db: Db, scope: EntryScope = {}) {
  const entries = (await listEntries(db, scope)).map((e) => ({
    id: e.id,
    explorationId: e.explorationId,
    title: e.exploration.title,
    status: e.exploration.status,
    provisional: LIVE_STATUSES.includes(e.exploration.status),
    taskId: e.taskId,
    nodeId: e.nodeId,
    policy: e.policy,
    planner: e.planner,
    baseModel: e.baseModel,
    score: e.score,
    testScore: LIVE_STATUSES.includes(e.exploration.status) ? null : e.testScore,
    baselineScore: e.baselineScore,
    gain: e.gain,
    computeSeconds: e.computeSeconds,
    tokens: e.tokens,
    timeToBestSeconds: e.timeToBestSeconds,
  }));
  const ranked = new Set(entries.map((e) => e.explorationId));
  const live = (await listLiveExplorations(db, scope)).filter((x) => !ranked.has(x.id) && findTask(x.taskId));
  const provisional = [];
  for (const x of live) {
    const facts = entryFacts(await evaluatedNodes(db, x.id), x.createdAt);
    if (!facts) continue;
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
    });
  }
  return [...entries, ...provisional].sort((a, b) => a.taskId.localeCompare(b.taskId) || b.gain - a.gain);
}

export async function curvesFor(db: Db, scope: EntryScope = {}) {
  const lines = await leaderboard(db, scope);
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
