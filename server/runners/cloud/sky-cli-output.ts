/** Parsers for the SkyPilot CLI's documented output: `sky jobs launch`, `sky jobs queue`, `sky jobs logs`. */
import type { RunnerJobState } from "../types.ts";

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*[A-Za-z]/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI, "");
}

/** "Managed Job ID: 3" (newer), "Managed job ID: 3", "Job submitted, ID: 3" (older releases) */
export function parseLaunchedJobId(stdout: string): string | null {
  const text = stripAnsi(stdout);
  const m = /Managed job ID:\s*(\d+)/i.exec(text) ?? /Job submitted,?\s*ID:\s*(\d+)/i.exec(text);
  return m?.[1] ?? null;
}

export interface SkyQueueRow {
  id: string;
  name: string;
  status: string;
}

/**
 * The queue is a borderless, left-aligned table whose columns vary between releases (TASK, WORKSPACE,
 * USER, REQUESTED/RESOURCES …), so columns are located by their header, not by position.
 */
export function parseJobsQueue(stdout: string): SkyQueueRow[] {
  const lines = stripAnsi(stdout).split("\n");
  const headerAt = lines.findIndex((l) => /^\s*ID\s{2,}/.test(l) && /\bSTATUS\b/.test(l) && /\bNAME\b/.test(l));
  const header = lines[headerAt];
  if (headerAt < 0 || header === undefined) return [];
  const columns: { name: string; start: number }[] = [];
  for (const m of header.matchAll(/\S+(?: \S+)*/g)) columns.push({ name: m[0], start: m.index ?? 0 });
  const cell = (line: string, name: string): string => {
    const i = columns.findIndex((c) => c.name === name);
    const col = columns[i];
    if (!col) return "";
    const next = columns[i + 1];
    return line.slice(col.start, next ? next.start : undefined).trim();
  };
  const rows: SkyQueueRow[] = [];
  for (const line of lines.slice(headerAt + 1)) {
    const id = cell(line, "ID");
    // task rows of multi-task jobs start with "↳" and have no ID of their own
    if (!/^\d+$/.test(id)) continue;
    const status = cell(line, "STATUS").split(/\s/)[0] ?? "";
    rows.push({ id, name: cell(line, "NAME"), status: status.toUpperCase() });
  }
  return rows;
}

const WAITING = new Set(["PENDING", "SUBMITTED", "STARTING"]);
const ACTIVE = new Set(["RUNNING", "RECOVERING", "CANCELLING"]);
const ENDED = new Set([
  "SUCCEEDED",
  "CANCELLED",
  "FAILED",
  "FAILED_SETUP",
  "FAILED_PRECHECKS",
  "FAILED_NO_RESOURCE",
  "FAILED_CONTROLLER",
]);

/** Managed-job statuses; RECOVERING (a preempted spot VM being replaced) is still running from our side. */
export function runnerStateOfSky(status: string): RunnerJobState {
  if (WAITING.has(status)) return "pending";
  if (ACTIVE.has(status)) return "running";
  if (ENDED.has(status)) return "exited";
  return "unknown";
}

export const EVENT_MARK = "TREX_EVENT ";
export const RESULT_MARK = "TREX_RESULT ";

/** Splits `sky jobs logs` output into the worker's events.jsonl text, its result line and the human log. */
export function splitJobLogs(logs: string): { eventsText: string; resultJson: string | null; log: string } {
  const events: string[] = [];
  const human: string[] = [];
  let resultJson: string | null = null;
  for (const line of stripAnsi(logs).split("\n")) {
    const e = line.indexOf(EVENT_MARK);
    const r = line.indexOf(RESULT_MARK);
    if (e >= 0) events.push(line.slice(e + EVENT_MARK.length));
    else if (r >= 0) resultJson = line.slice(r + RESULT_MARK.length);
    else human.push(line);
  }
  return { eventsText: events.length ? `${events.join("\n")}\n` : "", resultJson, log: human.join("\n") };
}
