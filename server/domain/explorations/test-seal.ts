/**
 * Test scores stay sealed: validation drives the search, and nobody may pick nodes by test while the
 * exploration runs. They open when the exploration has ended (finished, stopped, failed) or a reviewer
 * revealed them (audited). Every read path that leaves the server passes its nodes, events and files
 * through these functions. Pure.
 */
import { isEndedExploration } from "../../contract/statuses.ts";
import type { ExplorationStatus } from "../../contract/statuses.ts";

export function testScoresSealed(e: { status: ExplorationStatus; testRevealedAt: Date | null }): boolean {
  return !isEndedExploration(e.status) && e.testRevealedAt === null;
}

export const SEALED_NOTE =
  "Test scores are sealed until the exploration ends or a reviewer reveals them: validation drives the search.";

/** The job files that carry test scores (the result and the worker's evaluation events). */
export const SEALED_ARTIFACTS: readonly string[] = ["result.json", "events.jsonl"];

type Metrics = Record<string, Record<string, number>>;

function withoutTestSplit<M extends Metrics | null | undefined>(metrics: M): M {
  if (!metrics || !("test" in metrics)) return metrics;
  const { test: _sealed, ...rest } = metrics;
  return rest as M;
}

/** A node as a reader may see it while sealed: no test score, no test split in its metrics. */
export function sealNode<N extends { testScore: number | null; metrics: Metrics | null }>(node: N): N {
  return { ...node, testScore: null, metrics: withoutTestSplit(node.metrics) };
}

/** Events never carry test scores: they are history, replayed to anyone who joins, sealed or not. */
export function sealEventPayload(payload: Record<string, unknown>): Record<string, unknown> {
  if (!("testScore" in payload) && !("metrics" in payload)) return payload;
  const { testScore: _sealed, ...rest } = payload;
  const metrics = rest.metrics;
  if (metrics && typeof metrics === "object" && !Array.isArray(metrics) && "test" in metrics) {
    const { test: _test, ...kept } = metrics as Record<string, unknown>;
    return { ...rest, metrics: kept };
  }
  return rest;
}

/** A worker log line that reports a test-split evaluation. */
export const isTestEvaluationLine = (line: string) => /\beval test\b/.test(line);
