import { describe, expect, it } from "vitest";
import { queueBadge, queueSentence, startsIn, type QueueEntry } from "./queue-format";

const now = new Date(Date.UTC(2026, 11, 1, 10, 0, 0));
const later = (s: number) => new Date(now.getTime() + s * 1000);
const entry = (over: Partial<QueueEntry> = {}): QueueEntry => ({
  nodeId: "n",
  position: 2,
  of: 5,
  reason: "local runner: 2 of 2 slots busy",
  estimatedStartAt: later(180),
  ...over,
});

describe("queue wording", () => {
  it("rounds the estimate to what a person reads", () => {
    expect([
      startsIn(later(2), now),
      startsIn(later(42), now),
      startsIn(later(180), now),
      startsIn(later(3 * 3600), now),
      startsIn(null, now),
    ]).toEqual(["now", "in ~40 s", "in ~3 min", "in ~3.0 h", null]);
  });
  it("says position, reason and estimate", () => {
    expect(queueBadge(entry(), now)).toBe("queued #2 of 5 · in ~3 min");
    expect(queueSentence(entry(), now)).toBe(
      "Position 2 of 5 in the runner's queue · local runner: 2 of 2 slots busy · starts in ~3 min.",
    );
    expect(
      queueSentence(entry({ position: null, reason: "the exploration is paused", estimatedStartAt: null }), now),
    ).toBe(
      "Waiting · the exploration is paused · no estimate yet (no training run has finished on this runner to measure its pace).",
    );
  });
});
