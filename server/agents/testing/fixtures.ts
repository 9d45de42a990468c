/** Test helpers for the agents: node records without a database, and the AI SDK's mock model scripted reply by reply. */
import type { LanguageModelV3CallOptions, LanguageModelV3GenerateResult } from "@ai-sdk/provider";
import { MockLanguageModelV3 } from "ai/test";
import type { NodeRecord, NodeReport } from "../../repositories/node-repository.ts";
import { trainingConfigSchema, type DataRecipe, type TrainingConfig } from "../../contract/job-protocol.ts";
import { offlineRuntime, type AgentRuntime } from "../providers/agent-runtime.ts";
import { PLAN_REVIEW_SYSTEM } from "../executor/plan-review-agent.ts";

export const BASE_RECIPE: DataRecipe = { operators: [{ op: "load", source: "task:train", limit: 4000 }] };
export const baseConfig = (over: Partial<TrainingConfig> = {}): TrainingConfig =>
  trainingConfigSchema.parse({ steps: 400, batchSize: 32, learningRate: 0.003, ...over });

let counter = 0;

export function makeNode(over: Partial<NodeRecord> & { report?: NodeReport | null } = {}): NodeRecord {
  counter++;
  return {
    id: over.id ?? `n${counter}`,
    explorationId: "e1",
    parentId: null,
    ordinal: counter,
    round: 1,
    direction: "tune_hyperparameters",
    plan: { title: `plan ${counter}`, rationale: "because", hypotheses: [] },
    recipe: BASE_RECIPE,
    config: baseConfig(),
    status: "succeeded",
    metrics: null,
    score: 0.5,
    testScore: null,
    report: {
      errorGroups: { wrong_label: 10 },
      train: { steps: 400, finalLoss: 0.3, trainRows: 4000, tokensPerSecond: 1000 },
    },
    progress: 1,
    computeSeconds: 40,
    tokens: 0,
    fingerprint: `fp${counter}`,
    checkpoint: `job${counter}/checkpoint`,
    reusedFromId: null,
    error: null,
    version: 1,
    createdAt: new Date(0),
    updatedAt: new Date(0),
    ...over,
  };
}

const usage = (input: number, output: number) => ({
  inputTokens: { total: input, noCache: input, cacheRead: undefined, cacheWrite: undefined },
  outputTokens: { total: output, text: output, reasoning: undefined },
});

export function textReply(text: string, tokens: [number, number] = [100, 50]): LanguageModelV3GenerateResult {
  return {
    content: [{ type: "text", text }],
    finishReason: { unified: "stop", raw: "stop" },
    usage: usage(...tokens),
    warnings: [],
  };
}

export function toolCallReply(
  calls: { name: string; input: unknown }[],
  tokens: [number, number] = [80, 20],
): LanguageModelV3GenerateResult {
  return {
    content: calls.map((c, i) => ({
      type: "tool-call" as const,
      toolCallId: `call-${i}`,
      toolName: c.name,
      input: JSON.stringify(c.input),
    })),
    finishReason: { unified: "tool-calls", raw: "tool_calls" },
    usage: usage(...tokens),
    warnings: [],
  };
}

export type ScriptStep = LanguageModelV3GenerateResult | Error;

/** A mock model answering from a script; an Error in the script is thrown by that call. */
export function scriptedModel(script: ScriptStep[]): MockLanguageModelV3 {
  const queue = [...script];
  return new MockLanguageModelV3({
    provider: "mock",
    modelId: "mock-model",
    doGenerate: async (_options: LanguageModelV3CallOptions) => {
      const next = queue.shift();
      if (!next) throw new Error("mock script exhausted");
      if (next instanceof Error) throw next;
      return next;
    },
  });
}

/** An agent runtime around a model: no real waiting, no network. */
export function runtimeWith(model: AgentRuntime["model"], over: Partial<AgentRuntime> = {}): AgentRuntime {
  const sleeps: number[] = [];
  return offlineRuntime({
    model,
    modelName: "mock:mock-model",
    maxRetries: 2,
    timeoutMs: 5_000,
    sleep: async (ms) => void sleeps.push(ms),
    ...over,
  });
}

/** The text of every message the model was sent in one call (for asserting what it saw). */
export function promptText(call: LanguageModelV3CallOptions | undefined): string {
  if (!call) return "";
  return call.prompt
    .map((m) =>
      typeof m.content === "string"
        ? m.content
        : m.content.map((p) => ("text" in p ? p.text : JSON.stringify(p))).join("\n"),
    )
    .join("\n---\n");
}

const PLAN_REVIEW_MARK = PLAN_REVIEW_SYSTEM.split("\n")[0] ?? "";

/** Whether a model call is the Executor's plan review (its system prompt), not the Researcher's. */
export const isPlanReview = (text: string) => text.includes(PLAN_REVIEW_MARK);

/**
 * The Executor's plan review with no verdicts (every plan goes to the rules as planned), for a mock that scripts
 * the Researcher; null for any other call. No tokens, so that a test's token counts stay the Researcher's.
 */
export function planReviewPassReply(call: LanguageModelV3CallOptions): LanguageModelV3GenerateResult | null {
  return isPlanReview(promptText(call)) ? textReply(JSON.stringify({ verdicts: [] }), [0, 0]) : null;
}
