/**
 * One structured model call, made robust: the reply must match a zod schema. An off-schema or malformed
 * reply is repaired locally when it can be (JSON inside prose or fences), otherwise sent back to the model
 * with the validation error, at most `maxRetries` times. Provider failures (timeouts, 5xx, 429, broken
 * bodies) are retried with exponential backoff, also at most `maxRetries` times. Then: AgentCallError with
 * the reason. Every prompt, step, tool call, result and error lands in the trace.
 */
import {
  APICallError,
  generateText,
  NoObjectGeneratedError,
  NoOutputGeneratedError,
  Output,
  stepCountIs,
  streamText,
  type LanguageModel,
  type ModelMessage,
  type StepResult,
  type ToolSet,
} from "ai";
import { z } from "zod";
import type { AgentRuntime } from "../providers/agent-runtime.ts";
import type { TraceRecorder } from "../traces.ts";

/**
 * JSON-mode endpoints make the SDK warn on every call that the schema is not enforced; we send the schema
 * in the prompt and validate the reply ourselves, so that warning is expected (it stays in the trace).
 * Every other warning still reaches the console.
 */
const sdkGlobals = globalThis as { AI_SDK_LOG_WARNINGS?: unknown };
if (sdkGlobals.AI_SDK_LOG_WARNINGS === undefined) {
  sdkGlobals.AI_SDK_LOG_WARNINGS = (o: { warnings: unknown[]; provider: string; model: string }) => {
    for (const w of o.warnings)
      if (!/responseFormat/.test(JSON.stringify(w)))
        console.warn(`AI SDK warning (${o.provider} / ${o.model}): ${JSON.stringify(w)}`);
  };
}

export class AgentCallError extends Error {
  constructor(
    message: string,
    readonly tokens: number,
  ) {
    super(message);
  }
}

export interface StructuredCall<T> {
  runtime: AgentRuntime;
  model: LanguageModel;
  schema: z.ZodType<T>;
  system: string;
  prompt: string;
  tools?: ToolSet;
  /** model steps allowed for research before the answer */
  maxSteps?: number;
  trace: TraceRecorder;
  step: string;
}

export interface StructuredResult<T> {
  value: T;
  tokens: number;
  attempts: number;
}

type OutputFailure = { ok: false; text: string; message: string };
type Attempt<T> = { ok: true; value: T } | OutputFailure;

const describeSchema = (schema: z.ZodType) =>
  JSON.stringify(z.toJSONSchema(schema, { unrepresentable: "any", io: "input" }));

/** The JSON object inside a reply wrapped in prose or code fences, if there is one that validates. */
export function repairLocally<T>(text: string, schema: z.ZodType<T>): T | null {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/i.exec(text)?.[1];
  const candidates = [fenced, text.slice(text.indexOf("{"), text.lastIndexOf("}") + 1)];
  for (const c of candidates) {
    if (!c?.trim()) continue;
    try {
      const parsed = schema.safeParse(JSON.parse(c));
      if (parsed.success) return parsed.data;
    } catch {
      // not JSON: try the next candidate
    }
  }
  return null;
}

function statusOf(e: unknown): number | undefined {
  return APICallError.isInstance(e) ? e.statusCode : undefined;
}

/** Worth retrying: the provider, the network or the clock failed, not the request. */
export function isTransient(e: unknown): boolean {
  if (APICallError.isInstance(e)) {
    const status = e.statusCode;
    // a 2xx whose body could not be read is a broken reply, worth another try
    return (
      e.isRetryable ||
      status === undefined ||
      status >= 500 ||
      status === 429 ||
      status === 408 ||
      (status >= 200 && status < 300)
    );
  }
  if (e instanceof Error) {
    if (e.name === "AbortError" || e.name === "TimeoutError") return true;
    const cause = e.cause instanceof Error ? `${e.cause.name} ${e.cause.message}` : "";
    if (
      /fetch failed|ECONNREFUSED|ECONNRESET|ETIMEDOUT|socket hang up|terminated|Invalid JSON response|JSON parse|Type validation failed/i.test(
        `${e.name} ${e.message} ${cause}`,
      )
    )
      return true;
    const name = e.constructor.name;
    return (
      name === "AI_JSONParseError" ||
      name === "AI_InvalidResponseDataError" ||
      name === "JSONParseError" ||
      name === "InvalidResponseDataError"
    );
  }
  return false;
}

function errorText(e: unknown): string {
  const status = statusOf(e);
  const message = e instanceof Error ? e.message : String(e);
  return `${status ? `HTTP ${status}: ` : ""}${message}`.slice(0, 600);
}

export async function callStructured<T>(call: StructuredCall<T>): Promise<StructuredResult<T>> {
  const { runtime, trace, step, schema } = call;
  const system = `${call.system}\n\nReply with one JSON object, no prose, that matches this JSON Schema:\n${describeSchema(schema)}`;
  let messages: ModelMessage[] = [{ role: "user", content: call.prompt }];
  trace.add(step, "prompt", `SYSTEM:\n${system}\n\nUSER:\n${call.prompt}`);
  let tokens = 0;
  let repairs = 0;
  let failures = 0;
  for (let attempt = 1; ; attempt++) {
    let lastMessages: ModelMessage[] = [];
    const onStep = (s: StepResult<ToolSet>) => {
      const tIn = s.usage.inputTokens ?? 0;
      const tOut = s.usage.outputTokens ?? 0;
      tokens += tIn + tOut;
      for (const c of s.toolCalls) trace.add(step, "tool_call", { tool: c.toolName, input: c.input });
      for (const r of s.toolResults) trace.add(step, "tool_result", { tool: r.toolName, output: r.output });
      for (const p of s.content)
        if (p.type === "tool-error") trace.add(step, "error", { tool: p.toolName, error: errorText(p.error) });
      if (s.warnings && s.warnings.length > 0) trace.add(step, "note", { providerWarnings: s.warnings });
      trace.add(step, "response", s.text || `(${s.finishReason}: ${s.toolCalls.length} tool call(s))`, {
        in: tIn,
        out: tOut,
      });
      lastMessages = s.response.messages;
    };
    try {
      const outcome = await runOnce(call, system, messages, onStep);
      if (outcome.ok) return { value: outcome.value, tokens, attempts: attempt };
      const repaired = repairLocally(outcome.text, schema);
      if (repaired !== null) {
        trace.add(step, "note", "the reply was not clean JSON; the object inside it was extracted and validated");
        return { value: repaired, tokens, attempts: attempt };
      }
      trace.add(step, "error", `off-schema reply (${outcome.message})`);
      if (repairs >= runtime.maxRetries) {
        throw new AgentCallError(
          `the model's reply did not match the expected schema after ${attempt} attempt(s): ${outcome.message}`,
          tokens,
        );
      }
      repairs++;
      const feedback = `Your reply could not be used: ${outcome.message}. Reply again with only the JSON object that matches the schema (no tool calls, no prose).`;
      trace.add(step, "prompt", `USER (repair ${repairs}):\n${feedback}`);
      const previous: ModelMessage[] =
        lastMessages.length > 0 ? lastMessages : [{ role: "assistant", content: outcome.text || "(empty)" }];
      messages = [...messages, ...previous, { role: "user", content: feedback }];
    } catch (e) {
      if (e instanceof AgentCallError) throw e;
      trace.add(step, "error", errorText(e));
      if (!isTransient(e)) throw new AgentCallError(`the model provider refused the request: ${errorText(e)}`, tokens);
      if (failures >= runtime.maxRetries)
        throw new AgentCallError(
          `the model provider failed ${failures + 1} time(s); last error: ${errorText(e)}`,
          tokens,
        );
      failures++;
      const delay = runtime.backoffMs * 2 ** (failures - 1);
      trace.add(step, "note", `retrying in ${delay} ms (retry ${failures} of ${runtime.maxRetries})`);
      await runtime.sleep(delay);
    }
  }
}

function outputFailure(e: unknown): OutputFailure | null {
  if (NoObjectGeneratedError.isInstance(e)) {
    const cause = e.cause instanceof Error ? e.cause.message : "";
    return { ok: false, text: e.text ?? "", message: `${e.message}${cause ? ` ${cause}` : ""}`.slice(0, 800) };
  }
  if (NoOutputGeneratedError.isInstance(e))
    return { ok: false, text: "", message: "the model stopped without an answer (it only called tools)" };
  return null;
}

async function runOnce<T>(
  call: StructuredCall<T>,
  system: string,
  messages: ModelMessage[],
  onStep: (s: StepResult<ToolSet>) => void,
): Promise<Attempt<T>> {
  const common = {
    model: call.model,
    system,
    messages,
    tools: call.tools,
    stopWhen: stepCountIs(call.tools ? (call.maxSteps ?? 4) : 1),
    output: Output.object({ schema: call.schema }),
    // retries are ours: bounded, traced, with the runtime's backoff
    maxRetries: 0,
    // our schemas have optional fields and defaults, which OpenAI's strict mode rejects; we validate ourselves
    providerOptions: { openai: { strictJsonSchema: false } },
    abortSignal: AbortSignal.timeout(call.runtime.timeoutMs),
    onStepFinish: onStep,
  };
  try {
    if (!call.runtime.streaming) {
      const result = await generateText(common);
      return { ok: true, value: result.output };
    }
    let streamError: unknown = null;
    const result = streamText({ ...common, onError: ({ error }) => void (streamError ??= error) });
    await result.consumeStream({ onError: (error) => void (streamError ??= error) });
    if (streamError !== null) throw streamError;
    return { ok: true, value: await result.output };
  } catch (e) {
    const failure = outputFailure(e);
    if (failure) return failure;
    throw e;
  }
}
