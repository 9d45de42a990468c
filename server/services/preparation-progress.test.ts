import { describe, expect, it } from "vitest";
import { workerEventSchema, type WorkerEvent } from "../contract/job-protocol.ts";
import { preparationProgress } from "./preparation-progress.ts";

const prepare = (step: number, t = step): WorkerEvent =>
  workerEventSchema.parse({ type: "prepare", t, what: "building the tiny-large preset", step, totalSteps: 432 });

describe("preparation progress", () => {
  it("reports the latest step of a preset build as the card's progress, with what is being done", () => {
    const p = preparationProgress("e1", "n1", [prepare(8), { type: "heartbeat", t: 9 }, prepare(86)]);
    expect(p).toMatchObject({ nodeId: "n1", step: 86, totalSteps: 432, phase: "building the tiny-large preset" });
    expect(p?.progress).toBeCloseTo(86 / 432);
  });

  it("gives way to training progress and reports nothing without a preparation", () => {
    const training = workerEventSchema.parse({
      type: "progress",
      t: 10,
      step: 1,
      totalSteps: 100,
      loss: 2,
      lr: 1e-3,
      tokensPerSecond: 10,
    });
    expect(preparationProgress("e1", "n1", [prepare(432), training])).toBeNull();
    expect(preparationProgress("e1", "n1", [{ type: "heartbeat", t: 1 }])).toBeNull();
  });

  it("reads a worker's prepare line through the event schema the worker validates against", () => {
    expect(() => workerEventSchema.parse({ type: "prepare", t: 1, what: "x", step: 1.5, totalSteps: 2 })).toThrow();
  });
});
