/**
 * The Executor repairs failed runs: a failed node whose failure it can act on gets a repaired sibling (same
 * parent, same idea, the changes said in its plan as "repair of #n"), at most MAX_REPAIRS_PER_FAILURE in a chain,
 * each a training run charged to the budget like any other, and reviewed as the approval mode says.
 */
import type { Db } from "../db.ts";
import { classifyFailure } from "../agents/executor/failure-report.ts";
import { proposeRepair } from "../agents/executor/repair-agent.ts";
import { exhaustedBudget, spentFor } from "../domain/explorations/budget.ts";
import { needsReview, secondsPerStep } from "../domain/explorations/review-policy.ts";
import type { ExplorationRecord } from "../repositories/exploration-repository.ts";
import { findNode, listNodes, updateNodeIfVersion, type NodeRecord } from "../repositories/node-repository.ts";
import { createNode } from "./node-lifecycle.ts";
import { saveTraces } from "./trace-service.ts";
import { withEvents } from "./transaction.ts";
import { codeReviewReason } from "../contract/code-steps.ts";

/** Repairs in one chain (a repair of a repair counts): past this the node stays failed, with a note. */
export const MAX_REPAIRS_PER_FAILURE = 3;

/** How many repairs led to this node (0: it is no repair). */
function repairDepth(node: NodeRecord, byId: ReadonlyMap<string, NodeRecord>): number {
  let depth = 0;
  for (let n: NodeRecord | undefined = node; n?.plan.repairOf; n = byId.get(n.plan.repairOf.nodeId)) depth++;
  return depth;
}

async function noteNoRepair(db: Db, node: NodeRecord, note: string): Promise<void> {
  const fresh = await findNode(db, node.id);
  if (!fresh) return;
  await updateNodeIfVersion(db, fresh.id, fresh.version, {
    report: JSON.stringify({ ...(fresh.report ?? {}), repairNote: note }),
  });
}

/** Returns true when it proposed a repair or recorded that none can be made. */
export async function repairFailedNodes(db: Db, exploration: ExplorationRecord, now: () => Date): Promise<boolean> {
  const nodes = await listNodes(db, exploration.id);
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const repaired = new Set(nodes.flatMap((n) => (n.plan.repairOf ? [n.plan.repairOf.nodeId] : [])));
  const candidates = nodes.filter(
    (n) =>
      n.status === "failed" &&
      n.parentId !== null &&
      n.report?.failure !== undefined &&
      n.report.repairNote === undefined &&
      !repaired.has(n.id),
  );
  let changed = false;
  for (const node of candidates) {
    const parent = node.parentId ? byId.get(node.parentId) : undefined;
    if (!parent) continue;
    const attempt = repairDepth(node, byId) + 1;
    if (attempt > MAX_REPAIRS_PER_FAILURE) {
      await noteNoRepair(db, node, `not repaired: ${MAX_REPAIRS_PER_FAILURE} repairs in a row failed`);
      changed = true;
      continue;
    }
    const all = await listNodes(db, exploration.id);
    const spent = spentFor(exploration, all, now());
    // a repair stays in its node's round: only the other budgets bound it (the expansion step ends the exploration)
    if (exhaustedBudget({ ...exploration.budget, rounds: Number.POSITIVE_INFINITY }, spent)) return changed;
    const failure = classifyFailure({
      error: node.error,
      failureKind: node.report?.failure?.kind,
      fieldsSeen: node.report?.failure?.fieldsSeen,
      recipeReport: node.report?.recipeReport,
    });
    const outcome = await proposeRepair({
      node,
      failure,
      attempt,
      history: all.map((n) => ({
        config: n.config,
        computeSeconds: n.computeSeconds,
        reused: n.reusedFromId !== null,
        status: n.status,
      })),
    });
    const proposal = outcome.proposal;
    if (!proposal) {
      await withEvents(db, (tx) => saveTraces(tx, exploration.id, node.id, outcome.traces));
      await noteNoRepair(db, node, `not repaired: nothing the Executor can change fixes a ${failure.kind} failure`);
      changed = true;
      continue;
    }
    const perStep = secondsPerStep(
      all.map((n) => ({ steps: n.config.steps, computeSeconds: n.computeSeconds, reused: n.reusedFromId !== null })),
    );
    const estimate = {
      seconds: (node.report?.failure?.plannedSteps ?? proposal.config.steps) * perStep,
      remaining: exploration.budget.computeSeconds - spent.computeSeconds,
    };
    const code = codeReviewReason(proposal.recipe, parent.recipe);
    const review = code !== null || needsReview(exploration.approvalMode, estimate);
    await withEvents(db, async (tx, emit) => {
      const created = await createNode(
        tx,
        emit,
        {
          explorationId: exploration.id,
          parentId: parent.id,
          round: node.round,
          direction: node.direction,
          plan: {
            title: `repair of #${node.ordinal}: ${proposal.changes.join("; ")}`.slice(0, 200),
            rationale: `${node.plan.title} failed (${failure.kind}: ${failure.error.slice(0, 300)}). ${proposal.why}.`,
            hypotheses: node.plan.hypotheses,
            warmStart: node.plan.warmStart,
            ...(node.plan.selectionReason ? { selectionReason: node.plan.selectionReason } : {}),
            repairOf: {
              nodeId: node.id,
              ordinal: node.ordinal,
              failure: failure.kind,
              changes: proposal.changes,
              by: outcome.by,
            },
          },
          recipe: proposal.recipe,
          // a plan refused before dispatch kept no steps: the repair trains as the plan meant to
          config: { ...proposal.config, steps: node.report?.failure?.plannedSteps ?? proposal.config.steps },
          task: { id: exploration.taskId, seed: exploration.seed },
          baseFingerprint: node.plan.warmStart ? parent.fingerprint : null,
        },
        {
          to: review ? "awaiting_review" : "approved",
          changes: { tokens: outcome.tokens },
          why: `repair of #${node.ordinal} (${failure.kind}, attempt ${attempt} of ${MAX_REPAIRS_PER_FAILURE})${code ? `: ${code}` : review ? ": needs review" : ""}`,
        },
      );
      await saveTraces(tx, exploration.id, created.id, outcome.traces);
    });
    changed = true;
  }
  return changed;
}
