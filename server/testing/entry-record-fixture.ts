/** A valid exported leaderboard record, for tests that import one (the access walk, the round trip). */
import { sealRecord, type EntryRecord, type UnsignedEntryRecord } from "../domain/leaderboard/entry-record.ts";
import { trainingConfigSchema } from "../contract/job-protocol.ts";

export function sampleEntryRecord(overrides: Partial<UnsignedEntryRecord> = {}): EntryRecord {
  return sealRecord({
    format: "trex-leaderboard-entry",
    version: 1,
    exportedAt: "2026-12-01T12:00:00.000Z",
    source: { instance: "https://other-trex.example.org", explorationId: "remote-exploration", nodeId: "remote-node" },
    title: "SST-2 sweep on another instance",
    task: { id: "mini-sst2", dataStatus: "mini", dataHash: "", splitHashes: {} },
    baseModel: "tiny-base",
    method: "lora",
    policy: "mcts",
    planner: "offline expert planner",
    evaluation: { metric: "accuracy", maxExamples: 300, decoding: "greedy" },
    best: {
      config: trainingConfigSchema.parse({
        baseModel: "tiny-base",
        method: "lora",
        steps: 300,
        batchSize: 16,
        learningRate: 1e-3,
      }),
      recipe: { operators: [{ op: "load", source: "task:train", limit: 4000 }] },
    },
    scores: { validation: 0.82, test: 0.8, baseline: 0.5, gain: 0.32 },
    cost: { computeSeconds: 600, tokens: 12_000, timeToBestSeconds: 420 },
    ...overrides,
  });
}
