import { APICallError } from "ai";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { promptText, runtimeWith, scriptedModel, textReply, toolCallReply } from "../testing/fixtures.ts";
import { researchTools } from "../tools/research-tools.ts";
import { TraceRecorder } from "../traces.ts";
import { AgentCallError, callStructured, isTransient, repairLocally } from "./structured-call.ts";

const schema = z.object({ answer: z.string(), confidence: z.number().min(0).max(1) });
const good = JSON.stringify({ answer: "lower the learning rate", confidence: 0.7 });
const http = (status: number) =>
  new APICallError({
    message: `HTTP ${status}`,
    url: "http://x",
    requestBodyValues: {},
    statusCode: status,
    isRetryable: status >= 500,
  });

async function run(
  script: Parameters<typeof scriptedModel>[0],
  over: Parameters<typeof runtimeWith>[1] = {},
  tools = false,
) {
  const model = scriptedModel(script);
  const sleeps: number[] = [];
  const runtime = runtimeWith(model, { sleep: async (ms) => void sleeps.push(ms), ...over });
  const trace = new TraceRecorder("researcher", runtime.modelName);
  const call = callStructured({
    runtime,
    model,
    schema,
    system: "You answer.",
    prompt: "Question?",
    trace,
    step: "test",
    ...(tools ? { tools: researchTools(runtime) } : {}),
  });
  return { call, model, sleeps, trace };
}

describe("callStructured (AI SDK mock model)", () => {
  it("returns the validated object and counts the tokens", async () => {
    const { call, trace } = await run([textReply(good, [120, 30])]);
    const r = await call;
    expect(r.value).toEqual({ answer: "lower the learning rate", confidence: 0.7 });
    expect(r.tokens).toBe(150);
    expect(trace.entries.map((e) => e.kind)).toEqual(["prompt", "response"]);
    expect(trace.tokens).toBe(150);
  });

  it("repairs a reply wrapped in prose and code fences without another call", async () => {
    const { call, model } = await run([textReply(`Sure! Here it is:\n\`\`\`json\n${good}\n\`\`\`\nAnything else?`)]);
    expect((await call).value.answer).toBe("lower the learning rate");
    expect(model.doGenerateCalls).toHaveLength(1);
  });

  it("sends an off-schema reply back with the validation error, then accepts the corrected one", async () => {
    const { call, model, trace } = await run([
      textReply(JSON.stringify({ answer: "x", confidence: 7 })),
      textReply(good),
    ]);
    const r = await call;
    expect(r.attempts).toBe(2);
    expect(r.tokens).toBe(300);
    expect(promptText(model.doGenerateCalls[1])).toMatch(/could not be used.*schema/is);
    expect(trace.entries.some((e) => e.kind === "error" && /off-schema/.test(e.content))).toBe(true);
  });

  it("gives up after maxRetries repairs with the reason", async () => {
    const { call, model } = await run([textReply("not json at all"), textReply("{ still: broken"), textReply("[]")], {
      maxRetries: 2,
    });
    await expect(call).rejects.toThrow(/did not match the expected schema after 3 attempt/);
    expect(model.doGenerateCalls).toHaveLength(3);
  });

  it("retries a 500 and a timeout with exponential backoff, then succeeds", async () => {
    const timeout = Object.assign(new Error("The operation was aborted due to timeout"), { name: "TimeoutError" });
    const { call, sleeps } = await run([http(500), timeout, textReply(good)], { maxRetries: 2, backoffMs: 100 });
    expect((await call).attempts).toBe(3);
    expect(sleeps).toEqual([100, 200]);
  });

  it("fails clearly when the provider keeps failing", async () => {
    const { call } = await run([http(503), http(503), http(503)], { maxRetries: 2 });
    const error = await call.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AgentCallError);
    expect((error as Error).message).toMatch(/failed 3 time\(s\).*HTTP 503/);
  });

  it("does not retry a request the provider refuses (401)", async () => {
    const { call, model } = await run([http(401), textReply(good)]);
    await expect(call).rejects.toThrow(/refused the request: HTTP 401/);
    expect(model.doGenerateCalls).toHaveLength(1);
  });

  it("runs tool calls and records them, with tool output as untrusted data", async () => {
    const { call, trace, model } = await run(
      [toolCallReply([{ name: "knowledge_base_search", input: { query: "noisy labels" } }]), textReply(good)],
      {},
      true,
    );
    expect((await call).value.confidence).toBe(0.7);
    const kinds = trace.entries.map((e) => e.kind);
    expect(kinds).toContain("tool_call");
    expect(kinds).toContain("tool_result");
    const result = trace.entries.find((e) => e.kind === "tool_result")?.content ?? "";
    expect(result).toMatch(/Untrusted external content/);
    expect(result).toMatch(/kb:recipe-/);
    // the second call carries the tool result as a tool message, not as instructions
    const second = model.doGenerateCalls[1];
    expect(second?.prompt.some((m) => m.role === "tool")).toBe(true);
  });
});

describe("helpers", () => {
  it("classifies transient errors", () => {
    expect(isTransient(http(500))).toBe(true);
    expect(isTransient(http(429))).toBe(true);
    expect(isTransient(http(400))).toBe(false);
    expect(isTransient(Object.assign(new Error("x"), { name: "AbortError" }))).toBe(true);
    expect(isTransient(new TypeError("fetch failed"))).toBe(true);
    expect(isTransient(new Error("bad key"))).toBe(false);
  });
  it("extracts JSON from prose only when it validates", () => {
    expect(repairLocally(`answer: ${good} done`, schema)?.confidence).toBe(0.7);
    expect(repairLocally('answer: {"answer": 1}', schema)).toBeNull();
  });
});
