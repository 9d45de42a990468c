/**
 * `trex dataset add|list`: datasets from the terminal, e.g. a paper FT-Bench task fetched by the worker
 * (`python -m trex_worker ftbench-fetch --task sst-2 --out DIR`, then `trex dataset add --from DIR`).
 */
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import type { Db } from "../db.ts";
import { SPLITS, type Split } from "../domain/datasets/dataset-file.ts";
import { createDataset, DatasetRejectedError, listDatasets, type UploadedFile } from "../services/dataset-service.ts";

export const DATASET_USAGE = `trex dataset add (--from DIR | --train FILE [--validation FILE] [--test FILE]) [--name NAME] [--metric M] [--labels a,b] [--workspace ID]
trex dataset list [--workspace ID]`;

const SPLIT_NAMES: Record<Split, string[]> = {
  train: ["train"],
  validation: ["validation", "valid", "val", "dev"],
  test: ["test"],
};

/** DIR/{train,validation,test}.{jsonl,csv}, as the worker's file tasks and ftbench-fetch lay them out */
function filesIn(dir: string): Partial<Record<Split, string>> {
  const out: Partial<Record<Split, string>> = {};
  for (const split of SPLITS)
    for (const name of SPLIT_NAMES[split])
      for (const ext of [".jsonl", ".csv"]) {
        const f = path.join(dir, `${name}${ext}`);
        if (!out[split] && fs.existsSync(f)) out[split] = f;
      }
  return out;
}

/** task.json of ftbench-fetch: { metric, labels? } */
function taskJsonOf(dir: string): { metric?: string; labels?: string[] } {
  const f = path.join(dir, "task.json");
  if (!fs.existsSync(f)) return {};
  const raw = JSON.parse(fs.readFileSync(f, "utf8")) as { metric?: unknown; labels?: unknown };
  return {
    metric: typeof raw.metric === "string" ? raw.metric : undefined,
    labels: Array.isArray(raw.labels) ? raw.labels.filter((l): l is string => typeof l === "string") : undefined,
  };
}

export async function datasetCommand(db: Db, args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { values } = parseArgs({
    args: rest,
    options: {
      from: { type: "string" },
      train: { type: "string" },
      validation: { type: "string" },
      test: { type: "string" },
      name: { type: "string" },
      metric: { type: "string" },
      labels: { type: "string" },
      workspace: { type: "string", default: "default" },
    },
  });
  if (sub === "list") {
    for (const d of await listDatasets(db, [values.workspace])) {
      const rows = Object.entries(d.summary.rows)
        .map(([s, n]) => `${n} ${s}`)
        .join(", ");
      console.log(`${d.id}  ${d.name.padEnd(28)} ${d.metric.padEnd(12)} ${rows}  (${d.explorations} exploration(s))`);
    }
    return 0;
  }
  if (sub !== "add") {
    console.error(DATASET_USAGE);
    return 2;
  }
  const paths: Partial<Record<Split, string>> = values.from
    ? filesIn(values.from)
    : { train: values.train, validation: values.validation, test: values.test };
  const fromTask = values.from ? taskJsonOf(values.from) : {};
  const files: UploadedFile[] = [];
  for (const split of SPLITS) {
    const p = paths[split];
    if (!p) continue;
    if (!fs.existsSync(p)) {
      console.error(`--${split}: no file ${p}`);
      return 2;
    }
    files.push({ split, fileName: path.basename(p), data: fs.readFileSync(p) });
  }
  const name =
    values.name ??
    (values.from
      ? path.basename(path.resolve(values.from))
      : path.basename(paths.train ?? "dataset").replace(/\.(jsonl|csv)$/i, ""));
  const labels =
    values.labels !== undefined
      ? values.labels
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean)
      : (fromTask.labels ?? []);
  try {
    const d = await createDataset(db, {
      meta: { name, metric: values.metric ?? fromTask.metric ?? "", labels },
      files,
      workspaceId: values.workspace,
      createdById: null,
    });
    const rows = Object.entries(d.summary.rows)
      .map(([s, n]) => `${n} ${s}`)
      .join(", ");
    console.log(
      `dataset ${d.id} "${d.name}" (${d.metric}; ${rows}${d.summary.carved.length ? `; ${d.summary.carved.join(" and ")} carved out of train` : ""})`,
    );
    for (const w of d.summary.warnings) console.log(`  warning: ${w}`);
    console.log(`train on it: trex run --dataset ${d.id}`);
    return 0;
  } catch (e) {
    if (!(e instanceof DatasetRejectedError)) throw e;
    for (const [field, message] of Object.entries(e.fieldErrors)) console.error(`${field}: ${message}`);
    return 2;
  }
}
