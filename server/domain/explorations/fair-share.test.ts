import { describe, expect, it } from "vitest";
import {
  estimateStartSeconds,
  fairOrder,
  median,
  remainingSeconds,
  runSeconds,
  type WaitingNode,
} from "./fair-share.ts";

const at = (s: number) => new Date(Date.UTC(2026, 11, 1, 10, 0, s));
const w = (nodeId: string, explorationId: string, s: number): WaitingNode => ({
  nodeId,
  explorationId,
  waitingSince: at(s),
  ordinal: s,
});

describe("fair share of a runner", () => {
  it("gives the next slot to the exploration with the fewest jobs running, not to the one that waited longest", () => {
    const waiting = [w("a1", "A", 0), w("a2", "A", 1), w("a3", "A", 2), w("b1", "B", 10), w("b2", "B", 11)];
    expect(fairOrder(waiting, new Map([["A", 2]])).map((n) => n.nodeId)).toEqual(["b1", "b2", "a1", "a2", "a3"]);
  });

  it("alternates between explorations with equal load, the oldest waiting first", () => {
    const waiting = [
      w("a1", "A", 0),
      w("a2", "A", 1),
      w("a3", "A", 2),
      w("b1", "B", 5),
      w("b2", "B", 6),
      w("c1", "C", 7),
    ];
    expect(fairOrder(waiting, new Map()).map((n) => n.nodeId)).toEqual(["a1", "b1", "c1", "a2", "b2", "a3"]);
  });

  it("keeps each exploration's own order and loses nobody", () => {
    const waiting = Array.from({ length: 30 }, (_, i) => w(`n${i}`, `E${i % 4}`, 30 - i));
    const order = fairOrder(waiting, new Map([["E0", 3]]));
    expect(new Set(order.map((n) => n.nodeId)).size).toBe(30);
    for (const e of ["E0", "E1", "E2", "E3"]) {
      const mine = order.filter((n) => n.explorationId === e).map((n) => n.waitingSince.getTime());
      expect(mine).toEqual([...mine].sort((a, b) => a - b));
    }
    // E0 already runs 3: the first three slots go to the others
    expect(order.slice(0, 3).every((n) => n.explorationId !== "E0")).toBe(true);
  });
});

describe("start estimates", () => {
  it("starts the first nodes in free slots now and the rest as running jobs end", () => {
    // 2 slots, one job running with 30 s left: #1 now, #2 in 30 s, #3 when #1 ends (60 s), #4 at 90 s
    expect(estimateStartSeconds([60, 60, 60, 60], 2, [30])).toEqual([0, 30, 60, 90]);
    // a long run ahead holds its slot longer
    expect(estimateStartSeconds([600, 60, 60], 1, [])).toEqual([0, 600, 660]);
  });
  it("knows nothing past an unknown duration", () => {
    expect(estimateStartSeconds([60, 60, 60], 1, [null])).toEqual([null, null, null]);
    expect(estimateStartSeconds([null, 60], 1, [])).toEqual([0, null]);
    expect(estimateStartSeconds([60], 0, [])).toEqual([null]);
  });
  it("reads what is left of a running job from its progress, else from the typical run", () => {
    expect(remainingSeconds(30, 0.25, null)).toBeCloseTo(90, 6);
    expect(remainingSeconds(30, 0, 100)).toBe(70);
    expect(remainingSeconds(130, 0, 100)).toBe(0);
    expect(remainingSeconds(30, 0, null)).toBeNull();
    expect(runSeconds(400, 0.1, 5)).toBeCloseTo(45, 6);
    expect(runSeconds(0, 0.1, 5)).toBe(5);
    expect(runSeconds(400, null, 5)).toBeNull();
    expect(median([5, 1, 3])).toBe(3);
    expect(median([])).toBeNull();
  });
});
