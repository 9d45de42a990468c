import { describe, expect, it } from "vitest";
import { budgetBelowSpent, exhaustedBudget, spentOf } from "./budget.ts";
import { canTransitionNode } from "../../contract/statuses.ts";

const budget = { rounds: 3, trainingRuns: 5, computeSeconds: 100, wallSeconds: 600, tokens: 1000 };
const node = (round: number, status: string, computeSeconds = 10, extra = {}) => ({
  round,
  status,
  trained: true,
  reused: false,
  computeSeconds,
  tokens: 0,
  ...extra,
});

describe("budget", () => {
  it("counts dispatched trained runs, not reused or untrained ones", () => {
    const spent = spentOf(
      [
        node(0, "succeeded", 1, { trained: false }),
        node(1, "succeeded"),
        node(1, "running"),
        node(1, "approved"),
        node(2, "succeeded", 5, { reused: true }),
      ],
      new Date(0),
      new Date(30_000),
    );
    expect(spent).toEqual({ rounds: 2, trainingRuns: 2, computeSeconds: 36, wallSeconds: 30, tokens: 0 });
  });
  it("names the budget that is spent", () => {
    expect(
      exhaustedBudget(budget, { rounds: 3, trainingRuns: 0, computeSeconds: 0, wallSeconds: 0, tokens: 0 }),
    ).toMatch(/round budget/);
    expect(
      exhaustedBudget(budget, { rounds: 1, trainingRuns: 1, computeSeconds: 120, wallSeconds: 0, tokens: 0 }),
    ).toMatch(/compute budget spent \(120 of 100 s\)/);
    expect(
      exhaustedBudget(budget, { rounds: 1, trainingRuns: 1, computeSeconds: 1, wallSeconds: 1, tokens: 0 }),
    ).toBeNull();
  });
  it("refuses a budget below what is spent", () => {
    expect(
      budgetBelowSpent(
        { ...budget, rounds: 1 },
        { rounds: 2, trainingRuns: 0, computeSeconds: 0, wallSeconds: 0, tokens: 0 },
      ),
    ).toMatch(/rounds cannot go below/);
  });
});

describe("node lifecycle", () => {
  it("allows the documented transitions only", () => {
    expect(canTransitionNode("proposed", "awaiting_review")).toBe(true);
    expect(canTransitionNode("awaiting_review", "approved")).toBe(true);
    expect(canTransitionNode("pruned", "approved")).toBe(false);
    expect(canTransitionNode("succeeded", "running")).toBe(false);
    expect(canTransitionNode("running", "succeeded")).toBe(true);
    expect(canTransitionNode("failed", "approved")).toBe(true);
  });
});
