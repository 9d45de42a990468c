/** Use cases of explorations: create (with the baseline root), read, pause, resume, stop, finish. */
import type { Db } from "../db.ts";
import {
  canTransitionExploration,
  type ExplorationStatus,
  isEditableNode,
  isDispatchedNode,
  isEndedExploration,
} from "../contract/statuses.ts";
import {
  createExplorationSchema,
  type CreateExploration,
  type CreateExplorationInput,
} from "../domain/explorations/exploration-input.ts";
import { findTask, type TaskInfo } from "../domain/tasks/task-registry.ts";
import { findFtBenchTask, ftbenchTaskInfo } from "../domain/tasks/ftbench-tasks.ts";
import { findDataset } from "../repositories/dataset-repository.ts";
import { taskInfoOfDataset } from "./dataset-service.ts";
import { sealNode, testScoresSealed } from "../domain/explorations/test-seal.ts";
import { trainingConfigSchema, type DataRecipe } from "../contract/job-protocol.ts";
import { getBus } from "./event-bus.ts";
import {
  explorationStats,
  findExploration,
  insertExploration,
  listExplorations,
  markTestScoresRevealed,
  updateExplorationIfStatus,
  type ExplorationRecord,
} from "../repositories/exploration-repository.ts";
import { lastEventSeq, listEventsAfter } from "../repositories/event-repository.ts";
import {
  findNode,
  LATE_COMMIT_MARGIN_MS,
  listNodes,
  listNodesByIds,
  listNodeStampsSince,
  nodeVersionTotal,
  type NodeRecord,
} from "../repositories/node-repository.ts";
import { listActiveJobs } from "../repositories/job-repository.ts";
import { cancelJob } from "./job-cancellation.ts";
import { ConflictError, InvalidInputError, NotFoundError } from "../domain/errors.ts";
import { submitIfRankable } from "./leaderboard-service.ts";
import { runnerExists } from "./runner-settings-service.ts";
import { createNode, transitionNode } from "./node-lifecycle.ts";
import { pruneReasonsOf } from "./prune-service.ts";
import { withEvents } from "./transaction.ts";
import { budgetWithGoal } from "../domain/explorations/requirement-budget.ts";
import { analyseGoal, requireConfirmation, withEdits } from "./requirement-service.ts";
import { saveTraces } from "./trace-service.ts";

export const BASELINE_RECIPE: DataRecipe = { operators: [{ op: "load", source: "task:train", limit: 4000 }] };

/**
 * The task an exploration runs: a registered FT-Bench-mini task, an uploaded dataset of one of the caller's
 * workspaces, or one of the paper's FT-Bench tasks with its data as such a dataset (scored as the task is).
 */
async function resolveTask(
  db: Db,
  input: CreateExploration,
  workspaceIds: readonly string[] | undefined,
): Promise<{ task: TaskInfo; datasetId: string | null; workspaceId: string | undefined }> {
  if (input.datasetId) {
    const d = await findDataset(db, input.datasetId);
    if (!d || (workspaceIds && !workspaceIds.includes(d.workspaceId)))
      throw new InvalidInputError(`datasetId: no dataset "${input.datasetId}" in your workspaces`);
    const paper = input.taskId ? findFtBenchTask(input.taskId) : undefined;
    if (paper && d.metric !== paper.scoredAs)
      throw new InvalidInputError(
        `datasetId: ${paper.name} is scored with ${paper.scoredAs}, dataset "${d.name}" with ${d.metric}: add it with --metric ${paper.scoredAs}`,
      );
    return { task: paper ? ftbenchTaskInfo(paper) : taskInfoOfDataset(d), datasetId: d.id, workspaceId: d.workspaceId };
  }
  const task = input.taskId ? findTask(input.taskId) : undefined;
  if (!task) throw new InvalidInputError(`unknown task "${input.taskId}"`);
  return { task, datasetId: null, workspaceId: workspaceIds?.[0] };
}

/** `workspaceIds`: where the caller may create (the first is used; a dataset's own workspace when it is one of them). */
export async function createExploration(
  db: Db,
  rawInput: CreateExplorationInput,
  opts: { workspaceIds?: readonly string[] } = {},
): Promise<ExplorationRecord> {
  const parsed = createExplorationSchema.safeParse(rawInput);
  if (!parsed.success)
    throw new InvalidInputError(
      parsed.error.issues.map((i) => `${i.path.join(".") || "input"}: ${i.message}`).join("; "),
    );
  const input = parsed.data;
  const { task, datasetId, workspaceId } = await resolveTask(db, input, opts.workspaceIds);
  if (!(await runnerExists(db, input.runner)))
    throw new InvalidInputError(`runner: no runner called "${input.runner}" is configured`);
  // agents: the Researcher's requirement analysis (goal → structured spec); the goal is data, never instructions
  const analysis = await analyseGoal(db, input, opts.workspaceIds, task);
  const spec = withEdits(analysis.spec, input.constraints);
  requireConfirmation(spec, input.confirmed);
  // the goal's budgets apply unless the caller set the budget (the form sends it with the goal's budgets filled in)
  const budget = rawInput.budget === undefined ? budgetWithGoal(input.budget, spec.budgets).budget : input.budget;
  // the baseline trains nothing; under "LoRA only" it carries the method, so that continuing from it stays LoRA
  const method = spec.constraints.method === "lora" ? "lora" : "full";
  const config = trainingConfigSchema.parse({
    baseModel: input.baseModel,
    method,
    steps: 0,
    batchSize: 32,
    learningRate: 3e-3,
    seed: input.seed,
  });
  const exploration = await withEvents(db, async (tx, emit) => {
    const created = await insertExploration(tx, {
      title: input.title || `${task.name}: ${input.goal.slice(0, 60)}${input.goal.length > 60 ? "…" : ""}`,
      goal: input.goal,
      taskId: task.id,
      baseModel: input.baseModel,
      policy: input.policy,
      approvalMode: input.approvalMode,
      runnerName: input.runner,
      budget,
      spec: { ...spec, task: task.id },
      seed: input.seed,
      ablations: input.ablations,
      workspaceId,
      datasetId,
    });
    await emit(created.id, "exploration.created", null, { title: created.title, taskId: task.id });
    const root = await createNode(
      tx,
      emit,
      {
        explorationId: created.id,
        parentId: null,
        round: 0,
        direction: "baseline",
        plan: {
          title: "Baseline: the untouched base model",
          rationale: "Every gain is measured against the base model evaluated as it is.",
          hypotheses: [],
        },
        recipe: BASELINE_RECIPE,
        config,
        task: { id: task.id, seed: input.seed },
        baseFingerprint: null,
      },
      { to: "approved", changes: { tokens: analysis.tokens }, why: "the baseline needs no review" },
    );
    await saveTraces(tx, created.id, root.id, analysis.traces);
    return created;
  });
  getBus().emit("wake", exploration.id);
  return exploration;
}

export async function getExploration(db: Db, id: string): Promise<ExplorationRecord> {
  const e = await findExploration(db, id);
  if (!e) throw new NotFoundError(`exploration ${id} not found`);
  return e;
}

export async function listExplorationSummaries(db: Db) {
  const list = await listExplorations(db);
  const stats = await explorationStats(
    db,
    list.map((e) => e.id),
  );
  return list.map((e) => ({
    ...e,
    stats: stats.get(e.id) ?? { nodes: 0, bestScore: null, computeSeconds: 0, tokens: 0 },
  }));
}

/** Nodes as readers see them: with the prune they are under, test scores sealed while `sealed`. */
async function readerNodes(db: Db, explorationId: string, nodes: readonly NodeRecord[], sealed: boolean) {
  const prunes = await pruneReasonsOf(db, explorationId);
  return nodes.map((n) => {
    const prune = prunes.get(n.id);
    const node = { ...n, pruneReason: prune?.reason ?? null, prunedWith: prune?.prunedOrdinal ?? null };
    return sealed ? sealNode(node) : node;
  });
}

/**
 * The tree as readers see it: test scores sealed until the exploration ends or a reviewer reveals them. `asOf`:
 * when it was read, for `getTreeChanges` next time.
 */
export async function getTree(db: Db, id: string) {
  const asOf = new Date();
  const exploration = await getExploration(db, id);
  const sealed = testScoresSealed(exploration);
  return {
    exploration: { ...exploration, testScoresSealed: sealed },
    nodes: await readerNodes(db, id, await listNodes(db, id), sealed),
    lastSeq: await lastEventSeq(db, id),
    asOf: asOf.toISOString(),
  };
}

/**
 * What a reader of the tree read at `since` (its `asOf`) needs to be current: the nodes written since then (and
 * within the late-commit margin before it), the exploration, the latest seq, and how many nodes the tree has. A
 * reader whose copy with these merged does not hold `nodeCount` nodes, or whose seal differs, reads it in full.
 * O(changed) instead of O(tree): many viewers of a big tree stay cheap.
 */
export async function getTreeChanges(db: Db, id: string, since: Date) {
  const asOf = new Date();
  const exploration = await getExploration(db, id);
  const sealed = testScoresSealed(exploration);
  const stamps = await listNodeStampsSince(db, id, new Date(since.getTime() - LATE_COMMIT_MARGIN_MS));
  const changed = (
    await listNodesByIds(
      db,
      stamps.map((s) => s.id),
    )
  ).sort((a, b) => a.ordinal - b.ordinal);
  return {
    exploration: { ...exploration, testScoresSealed: sealed },
    nodes: await readerNodes(db, id, changed, sealed),
    lastSeq: await lastEventSeq(db, id),
    nodeCount: (await nodeVersionTotal(db, id)).count,
    asOf: asOf.toISOString(),
  };
}

/** The exploration's events after `afterSeq`, oldest first: what a client that reconnects missed. */
export const eventsAfter = (db: Db, explorationId: string, afterSeq: number) =>
  listEventsAfter(db, explorationId, afterSeq);

/** A reviewer opens the test scores before the end (the procedure is audited); opening them twice changes nothing. */
export async function revealTestScores(db: Db, id: string): Promise<{ revealed: boolean }> {
  const e = await getExploration(db, id);
  if (!testScoresSealed(e)) return { revealed: false };
  const revealed = await withEvents(db, async (tx, emit) => {
    const now = new Date();
    if (!(await markTestScoresRevealed(tx, id, now))) return false;
    await emit(id, "exploration.test_revealed", null, { at: now.toISOString() });
    return true;
  });
  return { revealed };
}

async function setStatus(db: Db, id: string, to: ExplorationStatus, reason: string | null): Promise<ExplorationRecord> {
  const current = await getExploration(db, id);
  if (!canTransitionExploration(current.status, to))
    throw new ConflictError(`the exploration is ${current.status}; it cannot be ${to}`);
  await withEvents(db, async (tx, emit) => {
    const done = isEndedExploration(to);
    const ok = await updateExplorationIfStatus(tx, id, current.status, {
      status: to,
      stopReason: reason,
      ...(done ? { finishedAt: new Date() } : {}),
    });
    if (!ok) throw new ConflictError("the exploration changed meanwhile; reload and try again");
    await emit(id, "exploration.status", null, { from: current.status, to, reason });
  });
  getBus().emit("wake", id);
  return getExploration(db, id);
}

export const pauseExploration = (db: Db, id: string) => setStatus(db, id, "paused", "paused by a reviewer");
export const resumeExploration = (db: Db, id: string) => setStatus(db, id, "running", null);

/** Stop: cancel what is running, withdraw what has not started. */
export async function stopExploration(db: Db, id: string): Promise<ExplorationRecord> {
  const stopped = await setStatus(db, id, "stopped", "stopped by a reviewer");
  await cancelOpenWork(db, id, "the exploration was stopped");
  return stopped;
}

export async function finishExploration(db: Db, id: string, to: "finished" | "failed", reason: string): Promise<void> {
  const current = await findExploration(db, id);
  if (!current || !canTransitionExploration(current.status, to)) return;
  await setStatus(db, id, to, reason);
  // a budget spent mid-training: what still runs would hold the runner's slots with no loop to follow it
  await cancelOpenWork(db, id, `the exploration ${to === "finished" ? "finished" : "failed"}: ${reason}`);
  if (to === "finished") await submitIfRankable(db, id);
}

export async function cancelOpenWork(db: Db, explorationId: string, why: string): Promise<void> {
  for (const job of await listActiveJobs(db, explorationId)) {
    await cancelJob(db, job, why);
  }
  const open = (await listNodes(db, explorationId)).filter(
    (n) => isEditableNode(n.status) || isDispatchedNode(n.status),
  );
  for (const { id } of open) {
    // each node read afresh in its own transaction: a job that starts meanwhile moves it from queued to running,
    // and stopping must cancel it as it is now, not fail on the version it had a moment ago
    for (let attempt = 0; ; attempt++) {
      try {
        await withEvents(db, async (tx, emit) => {
          const n = await findNode(tx, id);
          if (!n) return;
          if (isEditableNode(n.status)) await transitionNode(tx, emit, n, "pruned", {}, why);
          else if (isDispatchedNode(n.status)) await transitionNode(tx, emit, n, "cancelled", {}, why);
        });
        break;
      } catch (e) {
        if (!(e instanceof ConflictError) || attempt >= 4) throw e;
      }
    }
  }
}
