/**
 * `trex ftbench tasks|fetch|record`: the paper's FT-Bench from the terminal. `fetch` runs the worker's
 * `ftbench-fetch` (a local copy, ./data/ftbench, or the Hub dataset when reachable) and adds the data as a dataset an
 * exploration can start on; `record` (or `fetch --record-official`) stores the splits' content hashes as the task's
 * official data, so entries on the same content are ranked under the task.
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import type { Db } from "../db.ts";
import { env } from "../env.ts";
import { SPLITS } from "../domain/datasets/dataset-file.ts";
import { FTBENCH_TASKS, findFtBenchTask, ftbenchTaskId } from "../domain/tasks/ftbench-tasks.ts";
import { InvalidInputError } from "../domain/errors.ts";
import { officialSplits, recordOfficialSplits, type SplitFile } from "../services/ftbench-service.ts";
import { workerDir } from "../services/runner-registry.ts";
import { datasetCommand } from "./dataset-command.ts";

export const FTBENCH_USAGE = `trex ftbench tasks
trex ftbench fetch --task ID [--from DIR] [--out DIR] [--record-official] [--workspace ID]
trex ftbench record --task ID --from DIR`;

/** DIR/{train,validation,test}.jsonl|csv as the worker writes them (dev/val are validation) */
function splitFilesIn(dir: string): SplitFile[] {
  const names = { train: ["train"], validation: ["validation", "valid", "val", "dev"], test: ["test"] };
  return SPLITS.flatMap((split) => {
    for (const n of names[split])
      for (const ext of [".jsonl", ".csv"]) {
        const f = path.join(dir, `${n}${ext}`);
        if (fs.existsSync(f)) return [{ split, fileName: path.basename(f), text: fs.readFileSync(f, "utf8") }];
      }
    return [];
  });
}

async function record(db: Db, taskName: string, dir: string, source: string): Promise<number> {
  const done = await recordOfficialSplits(db, taskName, splitFilesIn(dir), source);
  for (const s of done.splits) console.log(`official ${done.taskId} ${s.split.padEnd(10)} ${s.rows} rows  ${s.sha256}`);
  return 0;
}

/** The worker's ftbench-fetch: its one-line error, or its JSON summary. */
function workerFetch(task: string, out: string, from: string | undefined): Promise<{ source: string }> {
  const args = ["-m", "trex_worker", "ftbench-fetch", "--task", task, "--out", out, ...(from ? ["--from", from] : [])];
  return new Promise((resolve, reject) =>
    execFile(
      env.TREX_PYTHON,
      args,
      { env: { ...process.env, PYTHONPATH: workerDir() }, maxBuffer: 1 << 20 },
      (error, stdout, stderr) => {
        if (error) reject(new InvalidInputError(stderr.trim() || error.message));
        else resolve(JSON.parse(stdout) as { source: string });
      },
    ),
  );
}

export async function ftbenchCommand(db: Db, args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { values } = parseArgs({
    args: rest,
    options: {
      task: { type: "string" },
      from: { type: "string" },
      out: { type: "string" },
      workspace: { type: "string", default: "default" },
      "record-official": { type: "boolean", default: false },
    },
  });
  if (sub === "tasks") {
    const recorded = await officialSplits(db);
    for (const t of FTBENCH_TASKS) {
      const splits = recorded
        .filter((s) => s.taskId === ftbenchTaskId(t))
        .sort((a, b) => SPLITS.indexOf(a.split) - SPLITS.indexOf(b.split))
        .map((s) => `${s.split} ${s.rows}`);
      console.log(
        `${ftbenchTaskId(t).padEnd(20)} ${`${t.metric} (as ${t.scoredAs})`.padEnd(30)} paper ${String(t.paperBest).padEnd(5)} official splits here: ${splits.join(", ") || "none recorded"}`,
      );
    }
    return 0;
  }
  const task = values.task ? findFtBenchTask(values.task) : undefined;
  if (!task || (sub !== "fetch" && sub !== "record")) {
    console.error(
      task || !values.task
        ? FTBENCH_USAGE
        : `--task: unknown FT-Bench task "${values.task}"; known: ${FTBENCH_TASKS.map((t) => t.id).join(", ")}`,
    );
    return 2;
  }
  try {
    if (sub === "record") {
      if (!values.from) throw new InvalidInputError("--from: the folder that holds the task's official splits");
      return await record(db, task.id, values.from, `recorded from ${path.resolve(values.from)}`);
    }
    const out = values.out ?? fs.mkdtempSync(path.join(os.tmpdir(), `trex-ftbench-${task.id}-`));
    const fetched = await workerFetch(task.id, out, values.from);
    console.log(`fetched ${task.name} from ${fetched.source} into ${out}`);
    if (values["record-official"]) await record(db, task.id, out, `fetched from ${fetched.source}`);
    const code = await datasetCommand(db, [
      "add",
      "--from",
      out,
      "--name",
      `FT-Bench ${task.name}`,
      "--workspace",
      values.workspace,
    ]);
    if (code === 0) console.log(`start on it: trex run --task ${ftbenchTaskId(task)} --dataset <the id above>`);
    return code;
  } catch (e) {
    if (!(e instanceof InvalidInputError)) throw e;
    console.error(e.message);
    return 2;
  }
}
