/**
 * What the agents run with: the language model (or none), retry and timeout limits, and whether the
 * research tools may go online. Built once from server/env.ts; tests put their own in place.
 */
import type { LanguageModel } from "ai";
import { env } from "../../env.ts";
import { createLanguageModel, type LlmSettings } from "./model-factory.ts";

export interface AgentRuntime {
  /** null: the offline expert planner and the rule-based requirement analysis */
  model: LanguageModel | null;
  /** "offline" or "provider:model" */
  modelName: string;
  /** repairs of an off-schema reply, and retries of a failed call (each bounded by this) */
  maxRetries: number;
  timeoutMs: number;
  /** first backoff delay; it doubles on each retry */
  backoffMs: number;
  streaming: boolean;
  /** tokens the Researcher's memory context is compressed to */
  contextTokens: number;
  network: boolean;
  hfHubUrl: string;
  arxivUrl: string;
  fetch: typeof fetch;
  sleep: (ms: number) => Promise<void>;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function llmSettingsFromEnv(): LlmSettings {
  const fallbackKey =
    env.TREX_LLM_PROVIDER === "openai"
      ? env.OPENAI_API_KEY
      : env.TREX_LLM_PROVIDER === "anthropic"
        ? env.ANTHROPIC_API_KEY
        : undefined;
  return {
    provider: env.TREX_LLM_PROVIDER,
    model: env.TREX_LLM_MODEL,
    baseUrl: env.TREX_LLM_BASE_URL,
    apiKey: env.TREX_LLM_API_KEY || fallbackKey,
    structuredOutputs: env.TREX_LLM_STRUCTURED_OUTPUTS,
  };
}

/** A runtime with defaults from the environment; any field can be overridden (tests, benchmarks). */
export function buildAgentRuntime(overrides: Partial<AgentRuntime> = {}): AgentRuntime {
  const configured = "model" in overrides ? null : createLanguageModel(llmSettingsFromEnv());
  return {
    model: configured?.model ?? null,
    modelName: configured?.name ?? "offline",
    maxRetries: env.TREX_LLM_MAX_RETRIES,
    timeoutMs: env.TREX_LLM_TIMEOUT_MS,
    backoffMs: 500,
    streaming: env.TREX_LLM_STREAMING,
    contextTokens: env.TREX_LLM_CONTEXT_TOKENS,
    network: env.TREX_NETWORK === "on",
    hfHubUrl: env.TREX_HF_HUB_URL.replace(/\/+$/, ""),
    arxivUrl: env.TREX_ARXIV_URL.replace(/\/+$/, ""),
    fetch: globalThis.fetch,
    sleep: realSleep,
    ...overrides,
  };
}

const g = globalThis as unknown as { __trexAgentRuntime?: AgentRuntime };

/** Throws an LlmConfigError with a clear sentence when the provider is misconfigured. */
export function getAgentRuntime(): AgentRuntime {
  g.__trexAgentRuntime ??= buildAgentRuntime();
  return g.__trexAgentRuntime;
}

/** Tests and benchmarks put their own runtime in place; null goes back to the environment's. */
export function setAgentRuntime(runtime: AgentRuntime | null): void {
  g.__trexAgentRuntime = runtime ?? undefined;
}

/** Tests: an offline runtime that never touches the network. */
export function offlineRuntime(overrides: Partial<AgentRuntime> = {}): AgentRuntime {
  return buildAgentRuntime({ model: null, modelName: "offline", network: false, backoffMs: 1, ...overrides });
}
