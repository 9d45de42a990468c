/**
 * Dry-runs of recipes before dispatch: the worker runs a new recipe alone (the `dryrun` job kind, seconds, no
 * model) on this machine; the node keeps the report (the review panel shows it), and a recipe that leaves no rows
 * or leaks test inputs is refused before any GPU time. A recipe its parent already trained on is not dry-run again.
 */
import { execFile } from "node:child_process";
import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import type { Db } from "../db.ts";
import { env } from "../env.ts";
import { dryRunJobSpecSchema, jobResultSchema, PROTOCOL_VERSION, type DataRecipe } from "../contract/job-protocol.ts";
import type { DryRunReport } from "../contract/dry-run.ts";
import { dryRunOf, dryRunRefusal } from "../agents/executor/dry-run-review.ts";
import type { ExplorationRecord } from "../repositories/exploration-repository.ts";
import {
  findNode,
  listNodesWithStatus,
  updateNodeIfVersion,
  type NodeRecord,
} from "../repositories/node-repository.ts";
import { findDataset } from "../repositories/dataset-repository.ts";
import { datasetBundle } from "./dataset-service.ts";
import { workerDir } from "./runner-registry.ts";
import { transitionNode } from "./node-lifecycle.ts";
import { withEvents } from "./transaction.ts";

const run = promisify(execFile);
const DRY_RUN_TIMEOUT_MS = 120_000;

function keyOf(exploration: ExplorationRecord, recipe: DataRecipe): string {
  const what = [exploration.taskId, exploration.seed, exploration.datasetId, recipe];
  return createHash("sha256").update(JSON.stringify(what)).digest("hex").slice(0, 24);
}

/** Finished dry-runs by key: a recipe is deterministic given the task, seed and dataset, so siblings share one. */
const recent = new Map<string, DryRunReport>();
const RECENT_MAX = 500;

/** The worker's dry-run of `recipe` (or the same one made recently); a worker that cannot run says why in `error`. */
export async function dryRunRecipe(db: Db, exploration: ExplorationRecord, recipe: DataRecipe): Promise<DryRunReport> {
  const key = keyOf(exploration, recipe);
  const known = recent.get(key);
  if (known) return known;
  const report = await runDryRun(db, exploration, recipe, key);
  if (!report.error) {
    if (recent.size >= RECENT_MAX) recent.delete(recent.keys().next().value ?? "");
    recent.set(key, report);
  }
  return report;
}

async function runDryRun(
  db: Db,
  exploration: ExplorationRecord,
  recipe: DataRecipe,
  key: string,
): Promise<DryRunReport> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "trex-dryrun-"));
  try {
    const dataset = exploration.datasetId ? await findDataset(db, exploration.datasetId) : null;
    const bundle = dataset ? await datasetBundle(dataset, exploration.seed) : null;
    for (const f of bundle?.files ?? []) {
      await fs.mkdir(path.dirname(path.join(dir, f.path)), { recursive: true });
      await fs.writeFile(path.join(dir, f.path), f.data);
    }
    const spec = dryRunJobSpecSchema.parse({
      version: PROTOCOL_VERSION,
      kind: "dryrun",
      jobId: `dry-${randomUUID().slice(0, 8)}`,
      task: { id: exploration.taskId, seed: exploration.seed, ...(bundle ? { files: bundle.taskFiles } : {}) },
      recipe,
    });
    await fs.writeFile(path.join(dir, "job.json"), JSON.stringify(spec));
    await run(env.TREX_PYTHON, ["-m", "trex_worker", "run", "--job-dir", dir], {
      cwd: dir,
      timeout: DRY_RUN_TIMEOUT_MS,
      env: {
        NODE_ENV: "production",
        PATH: process.env.PATH ?? "/usr/bin:/bin",
        HOME: process.env.HOME ?? "/tmp",
        PYTHONPATH: workerDir(),
        TREX_WORKER_THREADS: "1",
      },
    }).catch(() => undefined); // a failed dry-run still writes result.json; none is reported below
    const raw = await fs.readFile(path.join(dir, "result.json"), "utf8").catch(() => null);
    const parsed = raw ? jobResultSchema.safeParse(JSON.parse(raw)) : null;
    if (!parsed?.success)
      return {
        key,
        rows: 0,
        testOverlap: 0,
        testRows: 0,
        seconds: 0,
        steps: [],
        error: "the worker wrote no dry-run result",
      };
    return dryRunOf(key, parsed.data);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

const trainedByParent = (node: Pick<NodeRecord, "recipe">, parent: NodeRecord | null) =>
  parent?.status === "succeeded" && JSON.stringify(parent.recipe) === JSON.stringify(node.recipe);

/**
 * Dry-runs the new recipes of plans not yet stored, during the planning call (outside the loop's turn): when the
 * plans are stored, `dryRunPendingPlans` finds their reports made and a freed slot does not wait for a worker
 * process. A dry-run that cannot run here is simply made again there.
 */
export async function dryRunPlannedRecipes(
  db: Db,
  exploration: ExplorationRecord,
  parent: NodeRecord,
  plans: readonly { recipe: DataRecipe; config: { steps: number }; failure?: string | null }[],
): Promise<void> {
  const recipes = new Map<string, DataRecipe>();
  for (const p of plans)
    if (!p.failure && p.config.steps > 0 && !trainedByParent(p, parent))
      recipes.set(JSON.stringify(p.recipe), p.recipe);
  for (const recipe of recipes.values()) await dryRunRecipe(db, exploration, recipe).catch(() => undefined);
}

/**
 * Whether the dry-run holds the node back from dispatch: its recipe's dry-run is still to come, or it refused the
 * recipe (`dryRunPendingPlans` then fails the node). dispatch-service sends no node it holds.
 */
export async function heldByDryRun(db: Db, exploration: ExplorationRecord, node: NodeRecord): Promise<boolean> {
  if (node.config.steps === 0) return false;
  const stored = node.report?.dryRun?.key === keyOf(exploration, node.recipe) ? node.report.dryRun : null;
  if (stored) return dryRunRefusal(stored) !== null;
  return !trainedByParent(node, node.parentId ? await findNode(db, node.parentId) : null);
}

/**
 * Dry-runs the new recipes of nodes waiting for review or dispatch (a reviewer sees the report before approving);
 * an approved node whose dry-run refuses its recipe fails before dispatch. Returns true when it changed a node.
 */
export async function dryRunPendingPlans(db: Db, exploration: ExplorationRecord): Promise<boolean> {
  const pending = await listNodesWithStatus(db, exploration.id, ["awaiting_review", "approved"]);
  let changed = false;
  for (const node of pending) {
    if (node.config.steps === 0) continue;
    const key = keyOf(exploration, node.recipe);
    const stored = node.report?.dryRun?.key === key ? node.report.dryRun : null;
    if (!stored && trainedByParent(node, node.parentId ? await findNode(db, node.parentId) : null)) continue;
    if (stored && node.status === "awaiting_review") continue;
    const dry = stored ?? (await dryRunRecipe(db, exploration, node.recipe));
    const why = dryRunRefusal(dry);
    if (stored && !why) continue;
    await withEvents(db, async (tx, emit) => {
      const fresh = await findNode(tx, node.id);
      if (!fresh || !["awaiting_review", "approved"].includes(fresh.status)) return;
      if (JSON.stringify(fresh.recipe) !== JSON.stringify(node.recipe)) return; // edited meanwhile: dry-run again
      const report = { ...(fresh.report ?? {}), dryRun: dry };
      changed = true;
      if (!why || fresh.status === "awaiting_review") {
        await updateNodeIfVersion(tx, fresh.id, fresh.version, { report: JSON.stringify(report) });
        return;
      }
      // nothing trains for a refused plan: it is no training run, and a repair restores its steps
      const failure = {
        kind: dry.failureKind ?? (dry.rows === 0 ? ("empty_recipe" as const) : ("broken_recipe" as const)),
        plannedSteps: fresh.config.steps,
      };
      await transitionNode(
        tx,
        emit,
        fresh,
        "failed",
        {
          config: JSON.stringify({ ...fresh.config, steps: 0 }),
          report: JSON.stringify({ ...report, recipeReport: dry.steps, failure }),
          error: `refused by the Executor: ${why}`,
        },
        `refused by the Executor: ${why}`,
      );
    });
  }
  return changed;
}
