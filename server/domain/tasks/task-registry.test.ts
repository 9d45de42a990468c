import { execFileSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PYTHON } from "../../testing/tiny-job.ts";
import { FTBENCH_TASKS } from "./ftbench-tasks.ts";
import { MINI_TASK_IDS } from "../../contract/task-names.ts";
import { MINI_TASKS } from "./task-registry.ts";

const WORKER = path.join(import.meta.dirname, "..", "..", "..", "worker");

describe("task registry", () => {
  it("offers exactly the FT-Bench-mini tasks the worker generates", () => {
    const out = execFileSync(PYTHON, ["-m", "trex_worker", "tasks"], {
      env: { ...process.env, PYTHONPATH: WORKER },
      encoding: "utf8",
    });
    const workerIds = (JSON.parse(out) as { id: string }[]).map((t) => t.id).sort();
    expect(MINI_TASKS.map((t) => t.id).sort()).toEqual(workerIds);
    expect(workerIds).toHaveLength(10);
    expect(workerIds).toEqual([...MINI_TASK_IDS].sort());
  });

  it("mirrors every task of the paper's FT-Bench with a mini task", () => {
    const ids = new Set<string>(MINI_TASKS.map((t) => t.id));
    for (const t of FTBENCH_TASKS) expect(ids.has(t.miniId), t.id).toBe(true);
  });
});
