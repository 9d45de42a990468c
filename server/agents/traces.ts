/**
 * Every prompt, response, tool call and tool result of an agent, collected while it works and stored
 * with the node afterwards by services/trace-service.ts (model calls run outside transactions; the trace lands with the nodes).
 */

export type TraceAgent = "researcher" | "executor";
export type TraceKind = "prompt" | "response" | "tool_call" | "tool_result" | "error" | "note";

export interface TraceEntry {
  agent: TraceAgent;
  step: string;
  kind: TraceKind;
  content: string;
  model: string | null;
  tokensIn: number;
  tokensOut: number;
  /** strictly increasing, so a page of traces reads in the order things happened */
  at: Date;
}

/** Large enough for a full prompt, small enough that a hostile 20k-character goal cannot bloat the database. */
export const TRACE_CONTENT_MAX_CHARS = 48_000;

let lastAt = 0;
function nextInstant(): Date {
  lastAt = Math.max(Date.now(), lastAt + 1);
  return new Date(lastAt);
}

function render(content: unknown): string {
  const text = typeof content === "string" ? content : JSON.stringify(content, null, 1);
  return text.length > TRACE_CONTENT_MAX_CHARS
    ? `${text.slice(0, TRACE_CONTENT_MAX_CHARS)}\n[… ${text.length - TRACE_CONTENT_MAX_CHARS} characters not stored]`
    : text;
}

export class TraceRecorder {
  readonly entries: TraceEntry[] = [];

  constructor(
    readonly agent: TraceAgent,
    readonly model: string | null,
  ) {}

  add(step: string, kind: TraceKind, content: unknown, tokens: { in?: number; out?: number } = {}): void {
    this.entries.push({
      agent: this.agent,
      step,
      kind,
      content: render(content),
      model: this.model,
      tokensIn: Math.max(0, Math.round(tokens.in ?? 0)),
      tokensOut: Math.max(0, Math.round(tokens.out ?? 0)),
      at: nextInstant(),
    });
  }

  /** Takes over the entries of another recorder (an agent's sub-step). */
  absorb(other: TraceRecorder): void {
    this.entries.push(...other.entries);
  }

  get tokens(): number {
    return this.entries.reduce((sum, e) => sum + e.tokensIn + e.tokensOut, 0);
  }
}

/** The step label under which the conversation that expanded a node in a round is stored (on the expanded node). */
export function expansionStep(round: number): string {
  return `expansion r${round}`;
}
