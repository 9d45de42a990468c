import { describe, expect, it } from "vitest";
import { MAX_LOOKAHEAD_PER_SLOT, plansToKeepReady } from "./lookahead.ts";

describe("plans to keep ready", () => {
  it("keeps one plan per slot when planning is instant", () => {
    expect(plansToKeepReady({ concurrency: 2, planSeconds: 0, jobSeconds: 60 })).toBe(2);
    expect(plansToKeepReady({ concurrency: 2, planSeconds: 0.2, jobSeconds: 60 })).toBe(2);
  });
  it("adds the slots that free during one planning call", () => {
    // a 30 s planner and 20 s jobs: each slot frees about 1.5 times while it thinks
    expect(plansToKeepReady({ concurrency: 2, planSeconds: 30, jobSeconds: 20 })).toBe(6);
    // before any job finished a slow planner counts as one job's time
    expect(plansToKeepReady({ concurrency: 3, planSeconds: 30, jobSeconds: null })).toBe(6);
    expect(plansToKeepReady({ concurrency: 3, planSeconds: 0.4, jobSeconds: null })).toBe(3);
  });
  it("is capped", () => {
    expect(plansToKeepReady({ concurrency: 2, planSeconds: 600, jobSeconds: 1 })).toBe(2 * MAX_LOOKAHEAD_PER_SLOT);
  });
});
