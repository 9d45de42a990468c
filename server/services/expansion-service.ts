/**
 * Expansion in three steps, so that the loop can plan while jobs train: `nextExpansion` decides from the tree as
 * it stands whether to plan now (open nodes count as a virtual loss in the selection and their estimated cost as
 * committed budget), `planTicket` asks the Researcher (the slow part, outside the loop's turn), and
 * `commitExpansion` re-checks the plan against the tree as it is then, has the Executor review it, and stores it.
 */
import type { Db } from "../db.ts";
import { planExpansion, type Expansion, type ExpansionRequest } from "../agents/researcher-agent.ts";
import { planGpuMemoryGiB, reviewExpansion } from "../agents/executor-agent.ts";
import { reviewPlansWithModel } from "../agents/executor/plan-review-agent.ts";
import { dryRunPlannedRecipes, dryRunRecipe } from "./dry-run-service.ts";
import { addCodeSteps } from "../agents/executor/code-step-agent.ts";
import { codeReviewReason } from "../contract/code-steps.ts";
import { estimateSeconds, learnCostModel } from "../agents/executor/compute-estimate.ts";
import { loadPlanningMemory } from "./planning-memory-service.ts";
import { saveTraces } from "./trace-service.ts";
import { exhaustedBudget, spentFor, type Spent } from "../domain/explorations/budget.ts";
import { committedSpent } from "../domain/explorations/committed-spend.ts";
import { plansToKeepReady } from "../domain/explorations/lookahead.ts";
import { needsReview, secondsPerStep } from "../domain/explorations/review-policy.ts";
import { isEditableNode } from "../contract/statuses.ts";
import { DEFAULT_POLICY_SETTINGS, selectNode, seededRng, type Selection } from "../domain/tree/policies.ts";
import type { LiveTree } from "../domain/tree/live-tree.ts";
import { expansionsOf, isOpen } from "../domain/tree/tree.ts";
import { findExploration, type ExplorationRecord } from "../repositories/exploration-repository.ts";
import type { NodeRecord } from "../repositories/node-repository.ts";
import { currentTree } from "./tree-cache.ts";
import { finishExploration } from "./exploration-service.ts";
import { createNode } from "./node-lifecycle.ts";
import { runnerGpuMemory } from "./runner-registry.ts";
import { withEvents } from "./transaction.ts";
import { expansionStep, TraceRecorder } from "../agents/traces.ts";

export const SIBLINGS_PER_EXPANSION = 4;

/** A decision to expand a node, taken from the tree as it stood; carried to the Researcher and back. */
export interface ExpansionTicket {
  explorationId: string;
  parentId: string;
  round: number;
  selection: Selection;
  /** open nodes (planned, queued, running) when the decision was taken: > 0 means planned ahead */
  openAtDecision: number;
  /** the tree's shape at the decision (its nodes and their statuses): a different one at commit means stale */
  treeVersion: string;
  request: ExpansionRequest;
}

/** The median compute-seconds of the trained runs that finished; null before any. */
function typicalJobSeconds(nodes: readonly NodeRecord[]): number | null {
  const done = nodes
    .filter((n) => n.status === "succeeded" && n.reusedFromId === null && n.config.steps > 0 && n.computeSeconds > 0)
    .map((n) => n.computeSeconds)
    .sort((a, b) => a - b);
  return done.length > 0 ? (done[Math.floor(done.length / 2)] ?? null) : null;
}

/** Spent plus what the open nodes are expected to spend (the Executor's cost model, learned from the tree). */
function committedOf(exploration: ExplorationRecord, nodes: readonly NodeRecord[], now: Date): Spent {
  const model = learnCostModel(
    nodes.map((n) => ({
      config: n.config,
      computeSeconds: n.computeSeconds,
      reused: n.reusedFromId !== null,
      status: n.status,
    })),
  );
  return committedSpent(spentFor(exploration, nodes, now), nodes.filter(isOpen), (c) => estimateSeconds(model, c));
}

/**
 * What to do about expansion now: null (nothing: plans enough are waiting, the baseline is still out, or the
 * budget left is committed to open nodes), "finished" (the exploration ended, with the reason), or a ticket to plan.
 * Plans ahead while fewer planned nodes wait for a slot than `plansToKeepReady` asks for, given the runner's
 * concurrency and how long the last planning call took (`planSeconds`).
 */
export async function nextExpansion(
  db: Db,
  exploration: ExplorationRecord,
  now: () => Date,
  { concurrency, planSeconds, notOn }: { concurrency: number; planSeconds: number; notOn?: string | null },
): Promise<ExpansionTicket | "finished" | null> {
  const tree = await currentTree(db, exploration.id);
  // a snapshot: the cached tree changes in place on the next read, and the Researcher reads `history` later
  const nodes = [...tree.nodes];
  const open = nodes.filter(isOpen);
  const lookahead = plansToKeepReady({ concurrency, planSeconds, jobSeconds: typicalJobSeconds(nodes) });
  if (open.length > 0 && open.filter((n) => isEditableNode(n.status)).length >= lookahead) return null;
  // a plan on this very tree was held back (the budget left is committed to open nodes): wait for a change
  if (notOn && tree.shapeVersion === notOn) return null;
  const root = nodes.find((n) => n.parentId === null);
  if (!root || root.status !== "succeeded") {
    if (open.length > 0) return null;
    await finishExploration(
      db,
      exploration.id,
      "failed",
      `the baseline could not be evaluated: ${root?.error ?? "no root node"}`,
    );
    return "finished";
  }
  const committed = committedOf(exploration, nodes, now());
  const exhausted = exhaustedBudget(exploration.budget, committed);
  if (exhausted) {
    if (open.length > 0) return null; // what is left is committed: the open nodes' results decide
    await finishExploration(db, exploration.id, "finished", exhausted);
    return "finished";
  }
  const round = committed.rounds + 1;
  const rng = seededRng(exploration.seed * 7919 + round);
  const selection = selectNode(exploration.policy, tree, DEFAULT_POLICY_SETTINGS, rng);
  const parent = selection ? nodes.find((n) => n.id === selection.nodeId) : undefined;
  if (!selection || !parent) {
    if (open.length > 0) return null;
    await finishExploration(db, exploration.id, "finished", "no node left to expand");
    return "finished";
  }
  const grandparent = parent.parentId ? nodes.find((n) => n.id === parent.parentId) : undefined;
  const count = Math.max(1, Math.min(SIBLINGS_PER_EXPANSION, exploration.budget.trainingRuns - committed.trainingRuns));
  return {
    explorationId: exploration.id,
    parentId: parent.id,
    round,
    selection,
    openAtDecision: open.length,
    treeVersion: tree.shapeVersion,
    request: {
      parent,
      grandparentScore: grandparent?.score ?? null,
      history: nodes,
      count,
      rng,
      round,
      exploration,
      spent: committed,
      ...(await loadPlanningMemory(db, exploration)),
    },
  };
}

/**
 * The agents' part, no database writes, so the loop goes on (absorbing, dispatching) while they think: the
 * Researcher plans; the Executor writes the code steps its plans ask for (a model only), then, with a model
 * configured, reviews the plans with its tools (dry-run included) and may adjust or refuse them; the new recipes
 * are dry-run here too, so that stored plans are ready for a slot. The rules review them again at commit, against
 * the tree as it is then.
 */
export async function planTicket(db: Db, ticket: ExpansionTicket): Promise<Expansion> {
  const planned = await planExpansion(ticket.request);
  const { exploration, parent, history, runtime } = ticket.request;
  const coded = planned.plans.some((p) => p.codeRequest)
    ? await addCodeSteps(planned.plans, {
        ...(runtime ? { runtime } : {}),
        step: expansionStep(ticket.round),
        samples: parent.report?.recipeReport?.at(-1)?.samples ?? [],
      })
    : { plans: planned.plans, tokens: 0, traces: [] };
  const expansion = {
    ...planned,
    plans: coded.plans,
    tokens: planned.tokens + coded.tokens,
    traces: [...planned.traces, ...coded.traces],
  };
  if (!exploration) return expansion;
  const review = await reviewPlansWithModel({
    plans: expansion.plans,
    parent,
    history,
    round: ticket.round,
    gpuMemoryGiB: planGpuMemoryGiB(exploration, await runnerGpuMemory(db, exploration.runnerName)),
    dryRun: (recipe) => dryRunRecipe(db, exploration, recipe),
    ...(runtime ? { runtime } : {}),
  });
  await dryRunPlannedRecipes(db, exploration, parent, review.plans);
  return {
    ...expansion,
    plans: review.plans,
    tokens: expansion.tokens + review.tokens,
    traces: [...expansion.traces, ...review.traces],
  };
}

/** Why a plan made earlier no longer applies to the tree as it is; null when it still does. */
function noLongerApplies(
  exploration: ExplorationRecord | null,
  tree: LiveTree<NodeRecord>,
  ticket: ExpansionTicket,
): string | null {
  const nodes = tree.nodes;
  if (!exploration || exploration.status !== "running") return `the exploration is ${exploration?.status ?? "gone"}`;
  const parent = nodes.find((n) => n.id === ticket.parentId);
  if (!parent || parent.status !== "succeeded") return `node #${parent?.ordinal ?? "?"} is ${parent?.status ?? "gone"}`;
  if (nodes.some((n) => n.round >= ticket.round)) return `round ${ticket.round} was planned meanwhile`;
  const expansions = expansionsOf(tree, parent.id);
  if (expansions >= DEFAULT_POLICY_SETTINGS.maxExpansionsPerNode)
    return `node #${parent.ordinal} has had its ${expansions} expansions meanwhile`;
  return null;
}

/**
 * Stores a planned expansion: re-checked against the tree as it is now (the plan says when it was made on a tree
 * that has moved since), reviewed by the Executor against the budget left after what open nodes will spend, and
 * gated by the review mode. `changed`: whether it stored anything; `heldOn`: the tree's version when the plan was
 * held back because open nodes have the budget left (planning again on the same tree would do the same).
 */
export async function commitExpansion(
  db: Db,
  ticket: ExpansionTicket,
  expansion: Expansion,
  now: () => Date,
): Promise<{ changed: boolean; heldOn: string | null }> {
  const exploration = await findExploration(db, ticket.explorationId);
  const tree = await currentTree(db, ticket.explorationId);
  const nodes = [...tree.nodes];
  const shape = tree.shapeVersion;
  const dropped = noLongerApplies(exploration, tree, ticket);
  const parent = nodes.find((n) => n.id === ticket.parentId);
  const note = new TraceRecorder("executor", null);
  if (dropped || !exploration || !parent) {
    if (!parent) return { changed: false, heldOn: null };
    note.add(expansionStep(ticket.round), "note", `plan for round ${ticket.round} not used: ${dropped}`);
    await withEvents(db, (tx) =>
      saveTraces(tx, ticket.explorationId, parent.id, [...expansion.traces, ...note.entries]),
    );
    return { changed: true, heldOn: null };
  }
  const stale = shape !== ticket.treeVersion;
  const open = nodes.filter(isOpen).length;
  const committed = committedOf(exploration, nodes, now());
  const exhausted = exhaustedBudget(exploration.budget, committed);
  const reviewed = exhausted
    ? { plans: [], traces: [], outOfBudget: exhausted }
    : reviewExpansion(expansion.plans, {
        exploration,
        spent: committed,
        parent,
        history: nodes,
        round: ticket.round,
        runnerGpuMemoryGiB: await runnerGpuMemory(db, exploration.runnerName),
      });
  if (reviewed.outOfBudget) {
    await withEvents(db, (tx) => saveTraces(tx, exploration.id, parent.id, [...expansion.traces, ...reviewed.traces]));
    // with jobs still open their results decide; with none the budget is spent
    if (open > 0) return { changed: true, heldOn: shape };
    await finishExploration(db, exploration.id, "finished", reviewed.outOfBudget);
    return { changed: true, heldOn: null };
  }
  const reason =
    ticket.openAtDecision > 0
      ? `${ticket.selection.reason}; planned ahead while ${ticket.openAtDecision} node${ticket.openAtDecision === 1 ? " was" : "s were"} open (counted as a virtual loss)${stale ? ", on a tree that changed before it was stored: re-checked against the tree and budget as they are now" : ""}`
      : ticket.selection.reason;
  const perStep = secondsPerStep(
    nodes.map((n) => ({ steps: n.config.steps, computeSeconds: n.computeSeconds, reused: n.reusedFromId !== null })),
  );
  const remaining = exploration.budget.computeSeconds - committed.computeSeconds;
  await withEvents(db, async (tx, emit) => {
    await emit(exploration.id, "exploration.selected", parent.id, {
      round: ticket.round,
      reason,
      diagnosis: expansion.diagnosis,
    });
    for (const p of reviewed.plans) {
      const estimate = { seconds: p.config.steps * perStep, remaining };
      // code runs only after a reviewer has read it, in every approval mode
      const code = p.failure ? null : codeReviewReason(p.recipe, parent.recipe);
      const review = !p.failure && (code !== null || needsReview(exploration.approvalMode, estimate));
      await createNode(
        tx,
        emit,
        {
          explorationId: exploration.id,
          parentId: parent.id,
          round: ticket.round,
          direction: p.direction,
          plan: {
            title: p.title,
            rationale: p.rationale,
            hypotheses: p.hypotheses,
            warmStart: p.warmStart,
            selectionReason: reason,
          },
          recipe: p.recipe,
          config: p.config,
          task: { id: exploration.taskId, seed: exploration.seed },
          baseFingerprint: p.warmStart ? parent.fingerprint : null,
          // a plan that failed (planning error, refused by the Executor) becomes a failed node with its reason
          ...(p.failure ? { status: "approved" as const } : {}),
        },
        p.failure
          ? { to: "failed", changes: { tokens: p.tokens, error: p.failure }, why: p.failure }
          : {
              to: review ? "awaiting_review" : "approved",
              changes: { tokens: p.tokens },
              why: code ?? (review ? `needs review (about ${Math.round(estimate.seconds)} s of compute)` : undefined),
            },
      );
    }
    // the agents' conversation for this expansion, on the expanded node (each child's viewer shows it too)
    await saveTraces(tx, exploration.id, parent.id, [...expansion.traces, ...reviewed.traces]);
  });
  return { changed: true, heldOn: null };
}
