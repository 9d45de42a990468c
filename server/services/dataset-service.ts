/** Use cases of uploaded datasets: check and store an upload, list, delete an unused one, bundle one for a job. */
import { createHash, randomUUID } from "node:crypto";
import type { Db } from "../db.ts";
import { env } from "../env.ts";
import { DatasetFileError, formatOfFileName, parseSplitText, type Split } from "../domain/datasets/dataset-file.ts";
import {
  checkDataset,
  datasetMetaSchema,
  datasetTaskId,
  METRIC_NAMES,
  taskKindOfMetric,
  type FieldErrors,
  type SplitUpload,
} from "../domain/datasets/dataset-input.ts";
import type { TaskInfo } from "../domain/tasks/task-registry.ts";
import { DatasetStore, type StoredFile } from "../datasets/dataset-store.ts";
import {
  countExplorationsOfDataset,
  deleteDatasetRow,
  findDataset,
  insertDataset,
  listDatasetsIn,
  type DatasetRecord,
} from "../repositories/dataset-repository.ts";
import type { BundleFile } from "../runners/types.ts";
import type { TaskFiles } from "../contract/job-protocol.ts";
import { ConflictError, InvalidInputError, NotFoundError } from "../domain/errors.ts";

/** An upload that cannot be used, with the reason per form field (`name`, `metric`, `labels`, `files.train` …). */
export class DatasetRejectedError extends InvalidInputError {
  override name = "DatasetRejectedError";
  constructor(readonly fieldErrors: FieldErrors) {
    super(
      Object.entries(fieldErrors)
        .map(([k, v]) => `${k}: ${v}`)
        .join("; "),
    );
  }
}

export interface UploadedFile {
  split: Split;
  fileName: string;
  data: Buffer;
}

let store: DatasetStore | undefined;
export const datasetStore = () => (store ??= new DatasetStore(env.datasetsDir));
/** tests keep their files in their own temp folder */
export function setDatasetStore(s: DatasetStore): void {
  store = s;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

function decode(f: UploadedFile): string {
  try {
    return utf8.decode(f.data);
  } catch {
    throw new DatasetRejectedError({ [`files.${f.split}`]: `${f.fileName} is not UTF-8 text` });
  }
}

export async function createDataset(
  db: Db,
  input: { meta: unknown; files: readonly UploadedFile[]; workspaceId: string; createdById: string | null },
): Promise<DatasetRecord> {
  const errors: FieldErrors = {};
  const meta = datasetMetaSchema.safeParse(input.meta);
  // one message per form field (a bad label is reported on "labels", not "labels.3")
  if (!meta.success) for (const i of meta.error.issues) errors[String(i.path[0])] ??= i.message;
  const uploads: SplitUpload[] = [];
  const stored: StoredFile[] = [];
  const seen = new Set<Split>();
  for (const f of input.files) {
    const key = `files.${f.split}`;
    if (seen.has(f.split)) errors[key] = `Two files for ${f.split}; keep one`;
    seen.add(f.split);
    const format = formatOfFileName(f.fileName);
    if (!format) {
      errors[key] = `${f.fileName}: only .jsonl and .csv files are read`;
      continue;
    }
    try {
      uploads.push({
        split: f.split,
        fileName: f.fileName,
        bytes: f.data.length,
        parsed: parseSplitText(f.fileName, decode(f)),
      });
      stored.push({ split: f.split, format, data: f.data });
    } catch (e) {
      if (e instanceof DatasetRejectedError) Object.assign(errors, e.fieldErrors);
      else if (e instanceof DatasetFileError) errors[key] = e.message;
      else throw e;
    }
  }
  const checked = checkDataset(uploads, meta.success ? meta.data : { metric: "accuracy", labels: [] });
  for (const [k, v] of Object.entries(checked.errors)) errors[k] ??= v;
  if (!meta.success || Object.keys(errors).length > 0) throw new DatasetRejectedError(errors);
  const id = randomUUID().replaceAll("-", "").slice(0, 24);
  await datasetStore().write(id, stored);
  try {
    return await insertDataset(db, {
      id,
      workspaceId: input.workspaceId,
      name: meta.data.name,
      metric: meta.data.metric,
      labels: meta.data.labels,
      summary: checked.summary,
      sha256: DatasetStore.digest(stored),
      createdById: input.createdById,
    });
  } catch (e) {
    await datasetStore().remove(id);
    throw e;
  }
}

export async function listDatasets(db: Db, workspaceIds: readonly string[]) {
  return listDatasetsIn(db, workspaceIds);
}

/** The dataset, if it lives in one of the caller's workspaces (else NotFound: no hint that it exists). */
export async function getDatasetIn(db: Db, id: string, workspaceIds: readonly string[]): Promise<DatasetRecord> {
  const d = await findDataset(db, id);
  if (!d || !workspaceIds.includes(d.workspaceId)) throw new NotFoundError(`dataset ${id} not found`);
  return d;
}

/** Only a dataset no exploration uses can go: the runs that trained on it keep their data. */
export async function deleteDataset(db: Db, id: string, workspaceIds: readonly string[]): Promise<void> {
  const d = await getDatasetIn(db, id, workspaceIds);
  const used = await countExplorationsOfDataset(db, id);
  if (used > 0)
    throw new ConflictError(
      `dataset "${d.name}" is used by ${used} exploration(s); it stays so their runs can be repeated`,
    );
  await deleteDatasetRow(db, id);
  await datasetStore().remove(id);
}

/** How the planner and the requirement analysis see a dataset: like a registered task. */
export function taskInfoOfDataset(d: DatasetRecord): TaskInfo {
  const rows = Object.entries(d.summary.rows)
    .map(([s, n]) => `${n} ${s}`)
    .join(", ");
  return {
    id: datasetTaskId(d.id),
    name: d.name,
    mirrors: d.name,
    description: `uploaded dataset (${rows} rows)`,
    metric: METRIC_NAMES[d.metric],
    direction: "higher",
    exampleGoal: "",
    kind: taskKindOfMetric(d.metric, d.labels.length > 0 || d.summary.inferredLabels !== null),
  };
}

export const DATASET_BUNDLE_DIR = "dataset";

/** What a job on this dataset carries: the files, and where the worker finds them. */
export async function datasetBundle(
  d: DatasetRecord,
  splitSeed: number,
): Promise<{ taskFiles: TaskFiles; files: BundleFile[] }> {
  const files = await datasetStore().read(d.id);
  if (!files.some((f) => f.split === "train"))
    throw new NotFoundError(`the files of dataset "${d.name}" are missing from ${env.datasetsDir}`);
  return {
    taskFiles: {
      dir: DATASET_BUNDLE_DIR,
      metric: d.metric,
      ...(d.labels.length > 0 ? { labels: d.labels } : {}),
      splitSeed,
    },
    files: files.map((f) => ({
      path: `${DATASET_BUNDLE_DIR}/${DatasetStore.fileName(f)}`,
      data: f.data,
      sha256: createHash("sha256").update(f.data).digest("hex"),
    })),
  };
}
