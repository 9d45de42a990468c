/**
 * Reads an uploaded split (JSONL or CSV) the way the worker will (worker/trex_worker/recipe/load.py): the same
 * field aliases, a line without a usable pair is skipped and counted. Pure: the browser previews with it and the
 * server validates with it, so both say the same thing about a file.
 */
import Papa from "papaparse";

export const SPLITS = ["train", "validation", "test"] as const;
export type Split = (typeof SPLITS)[number];
export const DATASET_FORMATS = ["jsonl", "csv"] as const;
export type DatasetFormat = (typeof DATASET_FORMATS)[number];

/** (input, output) field pairs, first match wins, as in the worker */
export const FIELD_ALIASES = [
  ["input", "output"],
  ["prompt", "completion"],
  ["question", "answer"],
  ["text", "label"],
] as const;

export interface Pair {
  input: string;
  output: string;
}

export interface SkippedLine {
  /** 1-based line (JSONL) or data row (CSV, header excluded) */
  line: number;
  reason: string;
}

export interface ParsedSplit {
  format: DatasetFormat;
  pairs: Pair[];
  /** lines with no usable pair; only the first MAX_REPORTED_SKIPS are kept, `skippedCount` has them all */
  skipped: SkippedLine[];
  skippedCount: number;
  /** the alias pair the rows used most, e.g. "input/output"; null when no row had one */
  fields: string | null;
  /** CSV header, or the keys of the first JSON object */
  columns: string[];
}

const MAX_REPORTED_SKIPS = 20;

export function formatOfFileName(name: string): DatasetFormat | null {
  const lower = name.toLowerCase();
  if (lower.endsWith(".jsonl") || lower.endsWith(".ndjson")) return "jsonl";
  if (lower.endsWith(".csv")) return "csv";
  return null;
}

function answerText(y: unknown): string | null {
  if (typeof y === "number" && Number.isFinite(y)) return String(y);
  // a list of labels is a multi-label answer, as "a,b"
  if (Array.isArray(y) && y.every((v) => typeof v === "string" && v.trim() && !v.includes(",")))
    return y.map((v: string) => v.trim()).join(",") || "none";
  return typeof y === "string" ? y : null;
}

/** The pair of a record by the aliases, or why there is none. */
export function recordPair(obj: unknown): { pair: Pair; fields: string } | { reason: string } {
  if (typeof obj !== "object" || obj === null || Array.isArray(obj)) return { reason: "not a JSON object" };
  const rec = obj as Record<string, unknown>;
  for (const [a, b] of FIELD_ALIASES) {
    if (a in rec && b in rec) {
      const x = rec[a];
      const y = answerText(rec[b]);
      if (typeof x !== "string" || !x.trim()) return { reason: `"${a}" is empty or not text` };
      if (y === null || !y.trim()) return { reason: `"${b}" is empty or not text` };
      return { pair: { input: x, output: y }, fields: `${a}/${b}` };
    }
  }
  const keys = Object.keys(rec).slice(0, 6).join(", ") || "none";
  return { reason: `no input/output fields (has: ${keys})` };
}

export function parseSplitText(fileName: string, raw: string): ParsedSplit {
  const format = formatOfFileName(fileName);
  // a byte-order mark would end up in the first CSV column's name or break the first JSON line
  const text = raw.replace(/^\uFEFF/, "");
  if (!format) throw new DatasetFileError(`${fileName}: only .jsonl and .csv files are read`);
  const out: ParsedSplit = { format, pairs: [], skipped: [], skippedCount: 0, fields: null, columns: [] };
  const fieldCounts = new Map<string, number>();
  const take = (obj: unknown, line: number) => {
    const r = recordPair(obj);
    if ("pair" in r) {
      out.pairs.push(r.pair);
      fieldCounts.set(r.fields, (fieldCounts.get(r.fields) ?? 0) + 1);
    } else skip(line, r.reason);
  };
  const skip = (line: number, reason: string) => {
    out.skippedCount++;
    if (out.skipped.length < MAX_REPORTED_SKIPS) out.skipped.push({ line, reason });
  };
  if (format === "csv") {
    const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: "greedy" });
    out.columns = (parsed.meta.fields ?? []).filter((f) => f !== "");
    parsed.data.forEach((row, i) => take(row, i + 1));
  } else {
    const lines = text.split(/\r?\n/);
    lines.forEach((line, i) => {
      if (!line.trim()) return;
      let obj: unknown;
      try {
        obj = JSON.parse(line);
      } catch {
        skip(i + 1, "not valid JSON");
        return;
      }
      if (out.columns.length === 0 && typeof obj === "object" && obj !== null && !Array.isArray(obj))
        out.columns = Object.keys(obj);
      take(obj, i + 1);
    });
  }
  out.fields = [...fieldCounts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
  return out;
}

export class DatasetFileError extends Error {
  override name = "DatasetFileError";
}
