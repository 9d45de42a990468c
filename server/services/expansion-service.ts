/** When a round is done: stop if a budget is spent, else select a node by the policy and expand it with new plans. */
import type { Db } from "../db.ts";
import { planExpansion } from "../agents/researcher-agent.ts";
import { reviewExpansion } from "../agents/executor-agent.ts";
import { loadPlanningMemory } from "./planning-memory-service.ts";
import { saveTraces } from "./trace-service.ts";
import { exhaustedBudget, spentFor } from "../domain/explorations/budget.ts";
import { needsReview, secondsPerStep } from "../domain/explorations/review-policy.ts";
import { ACTIVE_NODE_STATUSES } from "../contract/statuses.ts";
import { DEFAULT_POLICY_SETTINGS, selectNode, seededRng } from "../domain/tree/policies.ts";
import type { ExplorationRecord } from "../repositories/exploration-repository.ts";
import { listNodes } from "../repositories/node-repository.ts";
import { finishExploration } from "./exploration-service.ts";
import { createNode } from "./node-lifecycle.ts";
import { withEvents } from "./transaction.ts";

export const SIBLINGS_PER_EXPANSION = 4;

/** Returns true when it changed something. */
export async function expandIfRoundDone(db: Db, exploration: ExplorationRecord, now: () => Date): Promise<boolean> {
  const nodes = await listNodes(db, exploration.id);
  if (nodes.some((n) => ACTIVE_NODE_STATUSES.includes(n.status))) return false;
  const root = nodes.find((n) => n.parentId === null);
  if (!root || root.status !== "succeeded") {
    await finishExploration(
      db,
      exploration.id,
      "failed",
      `the baseline could not be evaluated: ${root?.error ?? "no root node"}`,
    );
    return true;
  }
  const spent = spentFor(exploration, nodes, now());
  const exhausted = exhaustedBudget(exploration.budget, spent);
  if (exhausted) {
    await finishExploration(db, exploration.id, "finished", exhausted);
    return true;
  }
  const round = spent.rounds + 1;
  const rng = seededRng(exploration.seed * 7919 + round);
  const selection = selectNode(exploration.policy, nodes, DEFAULT_POLICY_SETTINGS, rng);
  if (!selection) {
    await finishExploration(db, exploration.id, "finished", "no node left to expand");
    return true;
  }
  const parent = nodes.find((n) => n.id === selection.nodeId);
  if (!parent) return false;
  const grandparent = parent.parentId ? nodes.find((n) => n.id === parent.parentId) : undefined;
  const count = Math.max(1, Math.min(SIBLINGS_PER_EXPANSION, exploration.budget.trainingRuns - spent.trainingRuns));
  // agents: the Researcher plans from the tree's memory; the Executor checks each plan against the worker's schema and the budget
  const expansion = await planExpansion({
    parent,
    grandparentScore: grandparent?.score ?? null,
    history: nodes,
    count,
    rng,
    round,
    exploration,
    spent,
    ...(await loadPlanningMemory(db, exploration)),
  });
  const reviewed = reviewExpansion(expansion.plans, { exploration, spent, parent, history: nodes, round });
  if (reviewed.outOfBudget) {
    await withEvents(db, (tx) => saveTraces(tx, exploration.id, parent.id, [...expansion.traces, ...reviewed.traces]));
    await finishExploration(db, exploration.id, "finished", reviewed.outOfBudget);
    return true;
  }
  const perStep = secondsPerStep(
    nodes.map((n) => ({ steps: n.config.steps, computeSeconds: n.computeSeconds, reused: n.reusedFromId !== null })),
  );
  const remaining = exploration.budget.computeSeconds - spent.computeSeconds;
  await withEvents(db, async (tx, emit) => {
    await emit(exploration.id, "exploration.selected", parent.id, {
      round,
      reason: selection.reason,
      diagnosis: expansion.diagnosis,
    });
    for (const p of reviewed.plans) {
      const estimate = { seconds: p.config.steps * perStep, remaining };
      const review = !p.failure && needsReview(exploration.approvalMode, estimate);
      await createNode(
        tx,
        emit,
        {
          explorationId: exploration.id,
          parentId: parent.id,
          round,
          direction: p.direction,
          plan: {
            title: p.title,
            rationale: p.rationale,
            hypotheses: p.hypotheses,
            warmStart: p.warmStart,
            selectionReason: selection.reason,
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
              why: review ? `needs review (about ${Math.round(estimate.seconds)} s of compute)` : undefined,
            },
      );
    }
    // the agents' conversation for this expansion, on the expanded node (each child's viewer shows it too)
    await saveTraces(tx, exploration.id, parent.id, [...expansion.traces, ...reviewed.traces]);
  });
  return true;
}
