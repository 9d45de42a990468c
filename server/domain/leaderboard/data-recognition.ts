/**
 * Which data an entry was measured on, recognised by content: each split's hash over its (input, output) pairs in
 * file order, as the worker reads them, so JSONL or CSV, field aliases, key order and spacing do not change it but
 * any changed, added, removed or reordered row does. The official hashes of a paper task are recorded on the instance
 * when its data is fetched from its source (`trex ftbench record`); nothing here knows them in advance.
 */
import { createHash } from "node:crypto";
import { SPLITS, type Pair, type Split } from "../datasets/dataset-file.ts";
import { findTask } from "../tasks/task-registry.ts";
import { findFtBenchTask } from "../tasks/ftbench-tasks.ts";

/** official: the paper task's recorded splits; modified: a paper task on other data; mini: FT-Bench-mini (generated) */
export const DATA_STATUSES = ["official", "modified", "mini"] as const;
export type DataStatus = (typeof DATA_STATUSES)[number];
export type SplitHashes = Partial<Record<Split, string>>;

export interface OfficialSplit {
  split: Split;
  sha256: string;
  rows: number;
}

export interface Recognition {
  status: DataStatus;
  /** "" for FT-Bench-mini, whose data the worker generates from the task's seed */
  dataHash: string;
  splitHashes: SplitHashes;
  /** why the data is not the official one; null when it is (or for mini) */
  note: string | null;
  /** false when no official splits of the task are recorded here, so nothing could be compared */
  compared: boolean;
}

export function splitContentHash(pairs: readonly Pair[]): string {
  const h = createHash("sha256");
  for (const p of pairs) h.update(`${JSON.stringify([p.input, p.output])}\n`);
  return h.digest("hex");
}

/** One hash over the splits present, in split order. */
export function dataHashOf(hashes: SplitHashes): string {
  const h = createHash("sha256");
  for (const s of SPLITS) if (hashes[s]) h.update(`${s}:${hashes[s]}\n`);
  return h.digest("hex");
}

const short = (h: string) => h.slice(0, 12);

/** A task the leaderboard ranks: an FT-Bench-mini task or one of the paper's ten. */
export const isRankedTask = (taskId: string) => findTask(taskId) !== undefined || findFtBenchTask(taskId) !== undefined;

export function recognise(taskId: string, splitHashes: SplitHashes, official: readonly OfficialSplit[]): Recognition {
  if (findTask(taskId)) return { status: "mini", dataHash: "", splitHashes: {}, note: null, compared: true };
  const task = findFtBenchTask(taskId);
  if (!task) throw new Error(`${taskId} is not an FT-Bench task`);
  const dataHash = dataHashOf(splitHashes);
  if (official.length === 0)
    return {
      status: "modified",
      dataHash,
      splitHashes,
      note: `no official ${task.name} splits are recorded on this instance (trex ftbench record), so the data cannot be recognised as official`,
      compared: false,
    };
  const problems: string[] = [];
  for (const split of SPLITS) {
    const want = official.find((o) => o.split === split);
    const have = splitHashes[split];
    if (want && !have) problems.push(`no ${split} split (the official one has ${want.rows} rows)`);
    else if (!want && have) problems.push(`a ${split} split the official data does not have`);
    else if (want && have && want.sha256 !== have)
      problems.push(`the ${split} split differs from the official one (${short(have)}… ≠ ${short(want.sha256)}…)`);
  }
  return problems.length === 0
    ? { status: "official", dataHash, splitHashes, note: null, compared: true }
    : { status: "modified", dataHash, splitHashes, note: problems.join("; "), compared: true };
}
