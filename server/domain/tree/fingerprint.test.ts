import { describe, expect, it } from "vitest";
import { trainingConfigSchema } from "../../contract/job-protocol.ts";
import { canonicalJson, fingerprintOf } from "./fingerprint.ts";

const config = trainingConfigSchema.parse({ steps: 100, batchSize: 32, learningRate: 0.003 });
const recipe = { operators: [{ op: "load" as const, source: "task:train", limit: 100 }] };
const base = { taskId: "mini-sst2", taskSeed: 0, baseFingerprint: null, recipe, config };

describe("fingerprint", () => {
  it("is independent of key order and time limits", () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] })).toBe('{"a":[{"c":3,"d":2}],"b":1}');
    expect(fingerprintOf(base)).toBe(fingerprintOf({ ...base, config: { ...config, maxSeconds: 5 } }));
  });
  it("changes with the data, the config, the task and the starting checkpoint", () => {
    const f = fingerprintOf(base);
    expect(fingerprintOf({ ...base, config: { ...config, learningRate: 0.001 } })).not.toBe(f);
    expect(
      fingerprintOf({ ...base, recipe: { operators: [{ op: "load", source: "task:train", limit: 200 }] } }),
    ).not.toBe(f);
    expect(fingerprintOf({ ...base, taskId: "mini-fin" })).not.toBe(f);
    expect(fingerprintOf({ ...base, baseFingerprint: "parent" })).not.toBe(f);
  });
});
