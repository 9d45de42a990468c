/**
 * A local HTTP server speaking the OpenAI chat-completions protocol (node:http, 127.0.0.1, a free port),
 * scripted reply by reply: text, tool calls, HTTP errors, malformed bodies, hangs; non-streaming JSON
 * or streaming SSE, whichever the request asks for. Tests run the real @ai-sdk/openai-compatible
 * provider against it. It also serves the two online research endpoints (HF Hub datasets, arXiv).
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export type ScriptedReply =
  | { kind: "text"; content: string; promptTokens?: number; completionTokens?: number }
  | { kind: "tool_calls"; calls: { name: string; arguments: unknown }[] }
  | { kind: "status"; status: number; body?: string }
  | { kind: "raw"; body: string }
  | { kind: "hang"; ms: number };

export interface RecordedRequest {
  path: string;
  stream: boolean;
  body: Record<string, unknown>;
}

export interface ServerOptions {
  /** replies to /v1/chat/completions, in order; when it runs out every call gets a 500 */
  script?: ScriptedReply[];
  /** body of GET /api/datasets (HF Hub) */
  hfDatasets?: unknown;
  /** body of GET /api/query (arXiv Atom feed) */
  arxivFeed?: string;
  /** status for the research endpoints */
  researchStatus?: number;
  /** every chat completion answered from the script waits this long (a slow model; benchmarks); routed ones do not */
  replyDelayMs?: number;
  /** the reply once the script has run out (instead of a 500) */
  fallback?: ScriptedReply;
  /** answers some requests by their body (e.g. the Executor's plan review) before the script is read; null: the script */
  route?: (body: Record<string, unknown>) => ScriptedReply | null;
}

const chunk = (id: string, delta: Record<string, unknown>, finish: string | null) =>
  `data: ${JSON.stringify({ id, object: "chat.completion.chunk", created: 1_700_000_000, model: "trex-test", choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;

export class OpenAiCompatibleServer {
  readonly requests: RecordedRequest[] = [];
  private server: http.Server | undefined;
  private readonly script: ScriptedReply[];
  private calls = 0;

  constructor(private readonly opts: ServerOptions = {}) {
    this.script = [...(opts.script ?? [])];
  }

  /** Queues more replies. */
  push(...replies: ScriptedReply[]): void {
    this.script.push(...replies);
  }

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (req.method === "GET" && url.pathname === "/api/datasets")
      return this.research(res, "application/json", JSON.stringify(this.opts.hfDatasets ?? []));
    if (req.method === "GET" && url.pathname === "/api/query")
      return this.research(res, "application/atom+xml", this.opts.arxivFeed ?? "<feed></feed>");
    if (req.method !== "POST" || !url.pathname.endsWith("/chat/completions")) {
      res.writeHead(404).end();
      return;
    }
    let raw = "";
    for await (const part of req) raw += String(part);
    const body = JSON.parse(raw) as Record<string, unknown>;
    const stream = body.stream === true;
    this.requests.push({ path: url.pathname, stream, body });
    const routed = this.opts.route?.(body) ?? null;
    if (!routed && this.opts.replyDelayMs) await new Promise((resolve) => setTimeout(resolve, this.opts.replyDelayMs));
    const reply = routed ??
      this.script.shift() ??
      this.opts.fallback ?? {
        kind: "status",
        status: 500,
        body: '{"error":{"message":"script exhausted"}}',
      };
    const id = `chatcmpl-${++this.calls}`;
    switch (reply.kind) {
      case "status":
        res
          .writeHead(reply.status, { "content-type": "application/json" })
          .end(reply.body ?? `{"error":{"message":"upstream error ${reply.status}"}}`);
        return;
      case "raw":
        res.writeHead(200, { "content-type": "application/json" }).end(reply.body);
        return;
      case "hang":
        await new Promise((resolve) => setTimeout(resolve, reply.ms));
        if (!res.destroyed) res.writeHead(504).end();
        return;
      case "text":
      case "tool_calls":
        if (stream) this.streamReply(res, id, reply);
        else this.jsonReply(res, id, reply);
    }
  }

  private research(res: http.ServerResponse, type: string, body: string): void {
    const status = this.opts.researchStatus ?? 200;
    res.writeHead(status, { "content-type": type }).end(status === 200 ? body : "error");
  }

  private usage(reply: ScriptedReply) {
    const prompt = reply.kind === "text" ? (reply.promptTokens ?? 100) : 80;
    const completion = reply.kind === "text" ? (reply.completionTokens ?? 50) : 20;
    return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
  }

  private toolCalls(reply: Extract<ScriptedReply, { kind: "tool_calls" }>) {
    return reply.calls.map((c, i) => ({
      id: `call_${this.calls}_${i}`,
      type: "function",
      function: {
        name: c.name,
        arguments: typeof c.arguments === "string" ? c.arguments : JSON.stringify(c.arguments),
      },
    }));
  }

  private jsonReply(
    res: http.ServerResponse,
    id: string,
    reply: Extract<ScriptedReply, { kind: "text" | "tool_calls" }>,
  ): void {
    const message =
      reply.kind === "text"
        ? { role: "assistant", content: reply.content }
        : { role: "assistant", content: null, tool_calls: this.toolCalls(reply) };
    const finish = reply.kind === "text" ? "stop" : "tool_calls";
    res.writeHead(200, { "content-type": "application/json" });
    res.end(
      JSON.stringify({
        id,
        object: "chat.completion",
        created: 1_700_000_000,
        model: "trex-test",
        choices: [{ index: 0, message, finish_reason: finish }],
        usage: this.usage(reply),
      }),
    );
  }

  private streamReply(
    res: http.ServerResponse,
    id: string,
    reply: Extract<ScriptedReply, { kind: "text" | "tool_calls" }>,
  ): void {
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
    res.write(chunk(id, { role: "assistant", content: "" }, null));
    if (reply.kind === "text") {
      // several small deltas, as real servers send
      for (let i = 0; i < reply.content.length; i += 40)
        res.write(chunk(id, { content: reply.content.slice(i, i + 40) }, null));
      res.write(chunk(id, {}, "stop"));
    } else {
      this.toolCalls(reply).forEach((c, index) => {
        res.write(
          chunk(
            id,
            { tool_calls: [{ index, id: c.id, type: "function", function: { name: c.function.name, arguments: "" } }] },
            null,
          ),
        );
        const args = c.function.arguments;
        const mid = Math.floor(args.length / 2);
        res.write(chunk(id, { tool_calls: [{ index, function: { arguments: args.slice(0, mid) } }] }, null));
        res.write(chunk(id, { tool_calls: [{ index, function: { arguments: args.slice(mid) } }] }, null));
      });
      res.write(chunk(id, {}, "tool_calls"));
    }
    res.write(
      `data: ${JSON.stringify({ id, object: "chat.completion.chunk", created: 1_700_000_000, model: "trex-test", choices: [], usage: this.usage(reply) })}\n\n`,
    );
    res.end("data: [DONE]\n\n");
  }
}
