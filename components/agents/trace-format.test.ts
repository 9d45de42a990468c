import { describe, expect, it } from "vitest";
import { formatTokens, traceBody, tracePreview } from "./trace-format.ts";

describe("trace formatting", () => {
  it("previews tool calls as calls", () => {
    expect(
      tracePreview(
        "tool_call",
        JSON.stringify({ tool: "knowledge_base_search", input: { query: "noisy labels", limit: 3 } }),
      ),
    ).toBe("knowledge_base_search(query: noisy labels, limit: 3)");
  });
  it("squashes long text to one line", () => {
    const p = tracePreview("prompt", `SYSTEM:\n${"word ".repeat(100)}`, 40);
    expect(p).toHaveLength(40);
    expect(p).not.toMatch(/\n/);
  });
  it("formats tokens and bodies", () => {
    expect(formatTokens(0, 0)).toBe("");
    expect(formatTokens(1200, 30)).toBe("1,200 in · 30 out");
    expect(traceBody('{"a":1}')).toBe('{\n  "a": 1\n}');
    expect(traceBody("plain")).toBe("plain");
  });
});
