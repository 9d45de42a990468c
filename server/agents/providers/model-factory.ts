/**
 * The one place that branches on the language-model provider. Configuration picks it once; the agents
 * only ever see an AI SDK `LanguageModel` (or null: the offline expert planner).
 */
import { createAnthropic } from "@ai-sdk/anthropic";
import { createOpenAI } from "@ai-sdk/openai";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import type { LanguageModel } from "ai";

export const LLM_PROVIDERS = ["none", "openai", "anthropic", "openai-compatible"] as const;
export type LlmProvider = (typeof LLM_PROVIDERS)[number];

export interface LlmSettings {
  provider: LlmProvider;
  model: string | undefined;
  baseUrl: string | undefined;
  apiKey: string | undefined;
  /** openai-compatible only: the endpoint enforces JSON schemas itself */
  structuredOutputs: boolean;
}

export class LlmConfigError extends Error {}

export interface ConfiguredModel {
  model: LanguageModel;
  /** "provider:model", shown in traces */
  name: string;
}

function requireValue(value: string | undefined, message: string): string {
  const v = value?.trim();
  if (!v) throw new LlmConfigError(message);
  return v;
}

function checkUrl(value: string): string {
  try {
    const url = new URL(value);
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error("not http(s)");
  } catch {
    throw new LlmConfigError(`TREX_LLM_BASE_URL "${value}" is not an http(s) URL`);
  }
  return value.replace(/\/+$/, "");
}

/** Null means "no language model": the agents use the built-in offline planner. */
export function createLanguageModel(settings: LlmSettings, fetchImpl?: typeof fetch): ConfiguredModel | null {
  if (settings.provider === "none") return null;
  const modelId = requireValue(
    settings.model,
    `TREX_LLM_MODEL must name a model for the ${settings.provider} provider`,
  );
  const baseURL = settings.baseUrl?.trim() ? checkUrl(settings.baseUrl.trim()) : undefined;
  const name = `${settings.provider}:${modelId}`;
  switch (settings.provider) {
    case "openai": {
      const apiKey = requireValue(settings.apiKey, "the openai provider needs TREX_LLM_API_KEY or OPENAI_API_KEY");
      return { model: createOpenAI({ apiKey, baseURL, fetch: fetchImpl })(modelId), name };
    }
    case "anthropic": {
      const apiKey = requireValue(
        settings.apiKey,
        "the anthropic provider needs TREX_LLM_API_KEY or ANTHROPIC_API_KEY",
      );
      return { model: createAnthropic({ apiKey, baseURL, fetch: fetchImpl })(modelId), name };
    }
    case "openai-compatible": {
      if (!baseURL)
        throw new LlmConfigError(
          "the openai-compatible provider needs TREX_LLM_BASE_URL (e.g. http://127.0.0.1:8000/v1)",
        );
      const provider = createOpenAICompatible({
        name: "openai-compatible",
        baseURL,
        // local servers (Ollama, LM Studio) accept any key; send none unless one is configured
        apiKey: settings.apiKey?.trim() || undefined,
        includeUsage: true,
        supportsStructuredOutputs: settings.structuredOutputs,
        fetch: fetchImpl,
      });
      return { model: provider.chatModel(modelId), name };
    }
  }
}
