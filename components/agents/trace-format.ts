/** Pure formatting of agent traces for the viewer: labels, one-line previews, token counts. */

export const TRACE_KIND_LABELS: Record<string, string> = {
  prompt: "prompt",
  response: "response",
  tool_call: "tool call",
  tool_result: "tool result",
  error: "error",
  note: "note",
};

export const TRACE_KIND_COLOURS: Record<string, string> = {
  prompt: "bg-sky-100 text-sky-800 dark:bg-sky-900 dark:text-sky-200",
  response: "bg-emerald-100 text-emerald-800 dark:bg-emerald-900 dark:text-emerald-200",
  tool_call: "bg-violet-100 text-violet-800 dark:bg-violet-900 dark:text-violet-200",
  tool_result: "bg-indigo-100 text-indigo-800 dark:bg-indigo-900 dark:text-indigo-200",
  error: "bg-rose-100 text-rose-800 dark:bg-rose-900 dark:text-rose-200",
  note: "bg-slate-200 text-slate-700 dark:bg-slate-700 dark:text-slate-200",
};

function parse(content: string): unknown {
  try {
    return JSON.parse(content);
  } catch {
    return null;
  }
}

const squash = (s: string, max: number) => {
  const one = s.replace(/\s+/g, " ").trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
};

/** One line that says what an entry is: "knowledge_base_search(query: noisy labels)", the first words of a prompt. */
export function tracePreview(kind: string, content: string, max = 140): string {
  const value = parse(content);
  if ((kind === "tool_call" || kind === "tool_result") && value && typeof value === "object" && "tool" in value) {
    const tool = String(value.tool);
    const detail = "input" in value ? value.input : "output" in value ? value.output : "";
    const args =
      detail && typeof detail === "object"
        ? Object.entries(detail)
            .map(([k, v]) => `${k}: ${typeof v === "string" ? v : JSON.stringify(v)}`)
            .join(", ")
        : String(detail);
    return squash(`${tool}(${args})`, max);
  }
  if (Array.isArray(value)) return squash(`${value.length} item(s): ${JSON.stringify(value[0] ?? "")}`, max);
  return squash(content, max);
}

export function formatTokens(tokensIn: number, tokensOut: number): string {
  if (tokensIn + tokensOut === 0) return "";
  return `${tokensIn.toLocaleString("en")} in · ${tokensOut.toLocaleString("en")} out`;
}

/** Pretty-prints JSON content; other text is returned as it is. */
export function traceBody(content: string): string {
  const value = parse(content);
  return value !== null && typeof value === "object" ? JSON.stringify(value, null, 2) : content;
}
