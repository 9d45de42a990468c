/** Parses complete lines of events.jsonl; a half-written last line waits for the next read. */
import { workerEventSchema, type WorkerEvent } from "../contract/job-protocol.ts";

export function parseEventLines(chunk: string, startOffset: number): { events: WorkerEvent[]; offset: number } {
  const lastNewline = chunk.lastIndexOf("\n");
  if (lastNewline < 0) return { events: [], offset: startOffset };
  const complete = chunk.slice(0, lastNewline);
  const events: WorkerEvent[] = [];
  for (const line of complete.split("\n")) {
    if (!line.trim()) continue;
    try {
      const parsed = workerEventSchema.safeParse(JSON.parse(line));
      if (parsed.success) events.push(parsed.data);
    } catch {
      // a corrupt line is skipped; the result file is the source of truth
    }
  }
  return { events, offset: startOffset + Buffer.byteLength(complete, "utf8") + 1 };
}
