/** What an exploration has spent and whether a budget is exhausted. Pure. */
import { wasDispatched } from "../../contract/statuses.ts";
import type { Budget } from "./exploration-input.ts";

export interface Spent {
  rounds: number;
  trainingRuns: number;
  computeSeconds: number;
  wallSeconds: number;
  tokens: number;
}

export interface SpendableNode {
  round: number;
  status: string;
  trained: boolean;
  reused: boolean;
  computeSeconds: number;
  tokens: number;
}

export function spentOf(nodes: readonly SpendableNode[], startedAt: Date, now: Date): Spent {
  let rounds = 0;
  let trainingRuns = 0;
  let computeSeconds = 0;
  let tokens = 0;
  for (const n of nodes) {
    rounds = Math.max(rounds, n.round);
    if (n.trained && !n.reused && wasDispatched(n.status)) trainingRuns++;
    computeSeconds += n.computeSeconds;
    tokens += n.tokens;
  }
  return {
    rounds,
    trainingRuns,
    computeSeconds,
    wallSeconds: Math.max(0, (now.getTime() - startedAt.getTime()) / 1000),
    tokens,
  };
}

/** The fields of a stored node that its spending is read from. */
export interface NodeSpending {
  round: number;
  status: string;
  config: { steps: number };
  reusedFromId: string | null;
  computeSeconds: number;
  tokens: number;
}

/** What an exploration has spent by `now`, read off its nodes. */
export function spentFor(exploration: { createdAt: Date }, nodes: readonly NodeSpending[], now: Date): Spent {
  return spentOf(
    nodes.map((n) => ({
      round: n.round,
      status: n.status,
      trained: n.config.steps > 0,
      reused: n.reusedFromId !== null,
      computeSeconds: n.computeSeconds,
      tokens: n.tokens,
    })),
    exploration.createdAt,
    now,
  );
}

/** The first budget that leaves no room for another expansion, as a sentence; null if there is room. */
export function exhaustedBudget(budget: Budget, spent: Spent): string | null {
  if (spent.rounds >= budget.rounds) return `round budget spent (${spent.rounds} of ${budget.rounds} rounds)`;
  if (spent.trainingRuns >= budget.trainingRuns)
    return `training-run budget spent (${spent.trainingRuns} of ${budget.trainingRuns} runs)`;
  if (spent.computeSeconds >= budget.computeSeconds)
    return `compute budget spent (${Math.round(spent.computeSeconds)} of ${budget.computeSeconds} s)`;
  if (spent.wallSeconds >= budget.wallSeconds)
    return `wall-time budget spent (${Math.round(spent.wallSeconds)} of ${budget.wallSeconds} s)`;
  if (budget.tokens > 0 && spent.tokens >= budget.tokens)
    return `token budget spent (${spent.tokens} of ${budget.tokens} tokens)`;
  return null;
}

/** A budget may not be lowered below what is already spent. */
export function budgetBelowSpent(budget: Budget, spent: Spent): string | null {
  if (budget.rounds < spent.rounds) return `rounds cannot go below the ${spent.rounds} already run`;
  if (budget.trainingRuns < spent.trainingRuns)
    return `training runs cannot go below the ${spent.trainingRuns} already dispatched`;
  if (budget.computeSeconds < spent.computeSeconds)
    return `compute cannot go below the ${Math.ceil(spent.computeSeconds)} s already spent`;
  if (budget.tokens > 0 && budget.tokens < spent.tokens)
    return `tokens cannot go below the ${spent.tokens} already used`;
  return null;
}
