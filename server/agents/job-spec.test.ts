import { describe, expect, it } from "vitest";
import { findBaseModel } from "../contract/base-models.ts";
import { memoryNeededGiB } from "../domain/models/model-memory.ts";
import type { ExplorationRecord } from "../repositories/exploration-repository.ts";
import { buildJobSpec } from "./executor-agent.ts";
import { baseConfig, makeNode } from "./testing/fixtures.ts";

const exploration = { id: "e1", taskId: "mini-sst2", seed: 0 } as unknown as ExplorationRecord;

describe("the job a node becomes", () => {
  it("carries the server's GPU memory estimate, so a worker on a busy GPU refuses before loading", () => {
    const config = baseConfig({ baseModel: "qwen3-1.7b", method: "lora", batchSize: 16, gradientAccumulation: 4 });
    const spec = buildJobSpec("j1", makeNode({ config }), exploration, null);
    const model = findBaseModel("qwen3-1.7b");
    if (!model) throw new Error("qwen3-1.7b is in the catalogue");
    const expected = memoryNeededGiB(model, { method: "lora", sequenceLength: 2048, batchSize: 4 });
    expect(spec.estimates?.gpuMemoryGiB).toBeCloseTo(expected, 1);
  });

  it("carries no estimate for a run that trains nothing or a model outside the catalogue", () => {
    const untrained = makeNode({ config: baseConfig({ baseModel: "qwen3-1.7b", steps: 0 }) });
    expect(buildJobSpec("j2", untrained, exploration, null).estimates).toBeUndefined();
    const foreign = makeNode({ config: baseConfig({ baseModel: "someone/unknown-model" }) });
    expect(buildJobSpec("j3", foreign, exploration, null).estimates).toBeUndefined();
  });
});
