/** Parsers for what Slurm prints: squeue rows, `scontrol show job -o` records and jobcomp/filetxt lines. */

export interface SqueueRow {
  id: string;
  state: string;
  name: string;
  reason: string;
}

/** The format the runner asks squeue for: id, long state, job name, reason. */
export const SQUEUE_FORMAT = "%i|%T|%j|%r";

export function parseSqueue(stdout: string): SqueueRow[] {
  const rows: SqueueRow[] = [];
  for (const line of stdout.split("\n")) {
    const [id, state, name, ...reason] = line.trim().split("|");
    if (!id || !state || !/^\d+(_\d+)?$/.test(id)) continue;
    rows.push({ id, state: state.toUpperCase(), name: name ?? "", reason: reason.join("|") });
  }
  return rows;
}

/**
 * `Key=Value Key=Value …` on one line. A value may contain spaces (paths, reasons), so a field ends only
 * where the next ` Key=` begins.
 */
export function parseKeyValues(line: string): Record<string, string> {
  const out: Record<string, string> = {};
  const keys = [...line.matchAll(/(?:^|\s)([A-Za-z][A-Za-z0-9_/:]*)=/g)];
  keys.forEach((m, i) => {
    const key = m[1];
    if (!key) return;
    const start = (m.index ?? 0) + m[0].length;
    const next = keys[i + 1];
    const end = next ? (next.index ?? line.length) : line.length;
    out[key] = line.slice(start, end).trim();
  });
  return out;
}

/** Records of `scontrol show job -o` (one job per line). */
export function parseScontrol(stdout: string): Record<string, string>[] {
  return stdout
    .split("\n")
    .filter((l) => l.includes("JobId="))
    .map(parseKeyValues);
}

export interface JobcompRecord {
  id: string;
  state: string;
  exitCode: string;
  name: string;
}

/** The jobcomp/filetxt file: one line per job end (and per requeue); the last line of a job wins. */
export function parseJobcomp(text: string): Map<string, JobcompRecord> {
  const out = new Map<string, JobcompRecord>();
  for (const line of text.split("\n")) {
    if (!line.startsWith("JobId=")) continue;
    const kv = parseKeyValues(line);
    const id = kv.JobId;
    if (!id) continue;
    out.set(id, {
      id,
      state: (kv.JobState ?? "UNKNOWN").split(/\s/)[0]?.toUpperCase() ?? "UNKNOWN",
      exitCode: kv.ExitCode ?? "",
      name: kv.Name ?? "",
    });
  }
  return out;
}

/** `sacct --noheader --parsable2 --format=JobID,JobName,State,ExitCode`: job lines (not steps) by id. */
export function parseSacct(stdout: string): Map<string, JobcompRecord> {
  const out = new Map<string, JobcompRecord>();
  for (const line of stdout.split("\n")) {
    const [id, name, state, exitCode] = line.trim().split("|");
    if (!id || !/^\d+$/.test(id) || !state) continue;
    out.set(id, {
      id,
      name: name ?? "",
      state: state.split(" ")[0]?.toUpperCase() ?? "UNKNOWN",
      exitCode: exitCode ?? "",
    });
  }
  return out;
}
