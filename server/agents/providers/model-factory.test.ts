import { describe, expect, it } from "vitest";
import { createLanguageModel, LlmConfigError, type LlmSettings } from "./model-factory.ts";

const settings = (over: Partial<LlmSettings>): LlmSettings => ({
  provider: "none",
  model: undefined,
  baseUrl: undefined,
  apiKey: undefined,
  structuredOutputs: false,
  ...over,
});
const providerOf = (m: ReturnType<typeof createLanguageModel>) =>
  m && typeof m.model === "object" ? m.model.provider : null;

describe("model factory", () => {
  it("no provider: no model, the offline planner", () => {
    expect(createLanguageModel(settings({}))).toBeNull();
  });
  it("builds each provider by configuration", () => {
    expect(
      providerOf(createLanguageModel(settings({ provider: "openai", model: "gpt-4.1-mini", apiKey: "sk-test" }))),
    ).toMatch(/^openai/);
    expect(
      providerOf(createLanguageModel(settings({ provider: "anthropic", model: "claude-sonnet-4-5", apiKey: "k" }))),
    ).toMatch(/^anthropic/);
    const local = createLanguageModel(
      settings({ provider: "openai-compatible", model: "qwen3", baseUrl: "http://127.0.0.1:11434/v1/" }),
    );
    expect(providerOf(local)).toMatch(/^openai-compatible/);
    expect(local?.name).toBe("openai-compatible:qwen3");
  });
  it("explains a misconfiguration in a sentence", () => {
    expect(() => createLanguageModel(settings({ provider: "openai" }))).toThrow(/TREX_LLM_MODEL must name a model/);
    expect(() => createLanguageModel(settings({ provider: "openai", model: "gpt" }))).toThrow(
      /needs TREX_LLM_API_KEY or OPENAI_API_KEY/,
    );
    expect(() => createLanguageModel(settings({ provider: "anthropic", model: "claude" }))).toThrow(LlmConfigError);
    expect(() => createLanguageModel(settings({ provider: "openai-compatible", model: "m" }))).toThrow(
      /needs TREX_LLM_BASE_URL/,
    );
    expect(() =>
      createLanguageModel(settings({ provider: "openai-compatible", model: "m", baseUrl: "file:///etc/passwd" })),
    ).toThrow(/not an http\(s\) URL/);
  });
});
