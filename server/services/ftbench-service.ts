/**
 * The paper's FT-Bench on this instance: the official splits' hashes (recorded from data fetched from its source)
 * and the recognition of the data an exploration ran on, by content.
 */
import type { Db } from "../db.ts";
import { parseSplitText, SPLITS, type Split } from "../domain/datasets/dataset-file.ts";
import {
  recognise,
  splitContentHash,
  type Recognition,
  type SplitHashes,
} from "../domain/leaderboard/data-recognition.ts";
import { findFtBenchTask, ftbenchTaskId } from "../domain/tasks/ftbench-tasks.ts";
import { InvalidInputError } from "../domain/errors.ts";
import { DatasetStore } from "../datasets/dataset-store.ts";
import { findDataset } from "../repositories/dataset-repository.ts";
import { listOfficialSplits, replaceOfficialSplits } from "../repositories/ftbench-repository.ts";
import { datasetStore } from "./dataset-service.ts";

export interface SplitFile {
  split: Split;
  fileName: string;
  text: string;
}

/** Each split's content hash and rows, read as the worker reads it. */
export function hashSplits(files: readonly SplitFile[]): Map<Split, { sha256: string; rows: number }> {
  const out = new Map<Split, { sha256: string; rows: number }>();
  for (const f of files) {
    const { pairs } = parseSplitText(f.fileName, f.text);
    out.set(f.split, { sha256: splitContentHash(pairs), rows: pairs.length });
  }
  return out;
}

/**
 * Records these files as the task's official splits: run where the data was fetched from its source (the Hub
 * dataset `trex-project/ftbench` through `trex_worker ftbench-fetch`), so later data is recognised by its hash.
 */
export async function recordOfficialSplits(db: Db, taskName: string, files: readonly SplitFile[], source: string) {
  const task = findFtBenchTask(taskName);
  if (!task) throw new InvalidInputError(`unknown FT-Bench task "${taskName}"`);
  if (!files.some((f) => f.split === "train")) throw new InvalidInputError(`${task.name}: no train split to record`);
  const hashes = hashSplits(files);
  const splits = SPLITS.flatMap((split) => {
    const h = hashes.get(split);
    return h ? [{ split, ...h, source }] : [];
  });
  const empty = splits.find((s) => s.rows === 0);
  if (empty) throw new InvalidInputError(`${task.name}: the ${empty.split} split has no usable rows`);
  await replaceOfficialSplits(db, ftbenchTaskId(task), splits);
  return { taskId: ftbenchTaskId(task), splits };
}

export const officialSplits = (db: Db, taskId?: string) => listOfficialSplits(db, taskId);

// a dataset's files never change (kept byte for byte, named by their digest): hash each once per process
const splitHashCache = new Map<string, SplitHashes>();

async function splitHashesOfDataset(datasetId: string, digest: string): Promise<SplitHashes> {
  const cached = splitHashCache.get(digest);
  if (cached) return cached;
  const files = await datasetStore().read(datasetId);
  const hashes = hashSplits(
    files.map((f) => ({ split: f.split, fileName: DatasetStore.fileName(f), text: f.data.toString("utf8") })),
  );
  const out: SplitHashes = Object.fromEntries([...hashes].map(([s, h]) => [s, h.sha256]));
  splitHashCache.set(digest, out);
  return out;
}

/** What data an exploration ran on: FT-Bench-mini, or a paper task's official or modified data. */
export async function recogniseExplorationData(
  db: Db,
  exploration: { taskId: string; datasetId: string | null },
): Promise<Recognition> {
  if (!findFtBenchTask(exploration.taskId) || !exploration.datasetId)
    return recognise(exploration.taskId, {}, await listOfficialSplits(db, exploration.taskId));
  const dataset = await findDataset(db, exploration.datasetId);
  if (!dataset) throw new Error(`the dataset of this exploration (${exploration.datasetId}) is gone`);
  const hashes = await splitHashesOfDataset(dataset.id, dataset.sha256);
  return recognise(exploration.taskId, hashes, await listOfficialSplits(db, exploration.taskId));
}

/** The recognition of split hashes claimed by a record from elsewhere, against the splits recorded here. */
export async function recogniseSplitHashes(db: Db, taskId: string, hashes: SplitHashes): Promise<Recognition> {
  return recognise(taskId, hashes, await listOfficialSplits(db, taskId));
}
