import { describe, expect, it } from "vitest";
import { committedSpent } from "./committed-spend.ts";

const spent = { rounds: 2, trainingRuns: 3, computeSeconds: 100, wallSeconds: 50, tokens: 10 };
const node = (status: string, steps: number, computeSeconds = 0) => ({ status, config: { steps }, computeSeconds });

describe("committed spend", () => {
  it("adds the expected cost of open nodes and counts planned training runs", () => {
    const c = committedSpent(
      spent,
      [node("approved", 100), node("awaiting_review", 0), node("running", 100, 30), node("queued", 100)],
      (config) => 20 + config.steps,
    );
    // approved 120 + evaluation-only 20 + running 120 − 30 already spent + queued 120
    expect(c.computeSeconds).toBe(100 + 120 + 20 + 90 + 120);
    // the approved trained plan is one more run; running and queued ones are already counted as dispatched
    expect(c.trainingRuns).toBe(4);
    expect(c.rounds).toBe(2);
  });
  it("ignores finished nodes and never counts a running node below what it spent", () => {
    const c = committedSpent(spent, [node("succeeded", 100), node("running", 10, 500)], (cfg) => cfg.steps);
    expect(c).toEqual(spent);
  });
});
