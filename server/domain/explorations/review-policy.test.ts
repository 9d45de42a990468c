import { describe, expect, it } from "vitest";
import { needsReview, secondsPerStep } from "./review-policy.ts";

describe("review policy", () => {
  it("auto never asks, review-each-expansion always asks", () => {
    expect(needsReview("auto", { seconds: 1e9, remaining: 1 })).toBe(false);
    expect(needsReview("review-each-expansion", { seconds: 0, remaining: 1e9 })).toBe(true);
  });
  it("review-over-cost asks when a run would take more than a quarter of what is left", () => {
    expect(needsReview("review-over-cost", { seconds: 251, remaining: 1000 })).toBe(true);
    expect(needsReview("review-over-cost", { seconds: 249, remaining: 1000 })).toBe(false);
    expect(needsReview("review-over-cost", { seconds: 1, remaining: -5 })).toBe(true);
  });
  it("estimates seconds per step from trained, non-reused history", () => {
    expect(secondsPerStep([])).toBe(0.1);
    expect(
      secondsPerStep([
        { steps: 100, computeSeconds: 20, reused: false },
        { steps: 300, computeSeconds: 40, reused: false },
        { steps: 100, computeSeconds: 999, reused: true },
        { steps: 0, computeSeconds: 3, reused: false },
      ]),
    ).toBeCloseTo(60 / 400);
  });
});
