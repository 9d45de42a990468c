/**
 * Replays a recorded CLI session (see server/runners/cloud/fixtures/sky-jobs-transcript.txt): each command
 * line gets its recorded responses in order, the last one repeating; a command that was never recorded
 * fails the test. Arguments ending in `.yaml` match the placeholder `<task.yaml>`.
 */
import fs from "node:fs";
import type { ExecResult } from "../runners/host/command-host.ts";

interface Recorded {
  responses: ExecResult[];
  next: number;
}

export function parseTranscript(text: string): Map<string, ExecResult[]> {
  const out = new Map<string, ExecResult[]>();
  let key: string | null = null;
  let lines: string[] = [];
  for (const line of text.split("\n")) {
    if (key === null) {
      if (line.startsWith("$ ")) key = line.slice(2).trim();
      continue;
    }
    const exit = /^\[exit (\d+)\]$/.exec(line);
    if (exit) {
      out.set(key, [...(out.get(key) ?? []), { code: Number(exit[1]), stdout: lines.join("\n") + "\n", stderr: "" }]);
      key = null;
      lines = [];
    } else lines.push(line);
  }
  return out;
}

export class TranscriptReplay {
  private readonly recorded = new Map<string, Recorded>();
  readonly calls: string[] = [];

  /** @param onCall sees each call's argv first (e.g. to validate the task file a launch points to) */
  constructor(
    file: string,
    private readonly onCall?: (argv: readonly string[]) => void,
  ) {
    for (const [key, responses] of parseTranscript(fs.readFileSync(file, "utf8")))
      this.recorded.set(key, { responses, next: 0 });
  }

  static keyOf(argv: readonly string[]): string {
    return argv.map((a) => (a.endsWith(".yaml") ? "<task.yaml>" : a)).join(" ");
  }

  exec = async (argv: readonly string[]): Promise<ExecResult> => {
    this.onCall?.(argv);
    const key = TranscriptReplay.keyOf(argv);
    this.calls.push(key);
    const rec = this.recorded.get(key);
    const response = rec?.responses[Math.min(rec.next, rec.responses.length - 1)];
    if (!rec || !response) throw new Error(`command not in the transcript: ${key}`);
    rec.next++;
    return response;
  };

  count(prefix: string): number {
    return this.calls.filter((c) => c.startsWith(prefix)).length;
  }

  /** commands whose recorded responses were not all used */
  unused(): string[] {
    return [...this.recorded].filter(([, r]) => r.next < r.responses.length).map(([k]) => k);
  }
}
