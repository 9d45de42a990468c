/**
 * "Try the model": a prompt put to a succeeded node's checkpoint and, side by side, to its parent's or the base
 * model, as a `generate` job on the exploration's own runner (any kind: the same submit / status / fetchResult).
 *
 * Generation jobs run outside the runner's training slots: one is short (each model loaded once, one prompt,
 * at most GENERATION_MAX_NEW_TOKENS new tokens: seconds on the CPU presets) and a person is waiting for it, so it
 * must not queue behind hours of training, nor hold a training slot. What bounds it instead: at most
 * MAX_RUNNING_PER_RUNNER generation jobs at once on a runner; more are refused with a sentence.
 */
import { randomUUID } from "node:crypto";
import type { Db } from "../db.ts";
import { modelsToAsk, type AskedModel, type CompareWith } from "../domain/playground/models-to-ask.ts";
import { findExploration } from "../repositories/exploration-repository.ts";
import {
  findGeneration,
  finishGeneration,
  insertGeneration,
  listGenerationsOfNode,
  listRunningGenerations,
  updateGeneration,
  type GenerationRecord,
} from "../repositories/generation-repository.ts";
import { findNode } from "../repositories/node-repository.ts";
import { generationJobSpecSchema, PROTOCOL_VERSION } from "../contract/job-protocol.ts";
import { getRunner } from "./runner-registry.ts";
import type { JobRef } from "../runners/types.ts";
import { ConflictError, NotFoundError } from "../domain/errors.ts";
import { inTurn } from "./in-turn.ts";

export const MAX_RUNNING_PER_RUNNER = 2;
/** a generation job still not done after this long (a scheduler queue that never starts it) is given up */
const GIVE_UP_MS = 30 * 60_000;
const POLL_MS = 500;
/** how long a submit may take before a row without a job folder counts as abandoned */
const SUBMIT_GRACE_MS = 5 * 60_000;
const SHOWN = 10;

export interface AskInput {
  nodeId: string;
  prompt: string;
  compareWith: CompareWith;
  maxNewTokens: number;
  temperature: number;
  askedById: string | null;
}

export async function askModel(db: Db, input: AskInput): Promise<GenerationRecord> {
  const node = await findNode(db, input.nodeId);
  if (!node) throw new NotFoundError("The node was not found.");
  const parent = node.parentId ? await findNode(db, node.parentId) : null;
  const askable = (n: NonNullable<typeof node>) => ({ ...n, baseModel: n.config.baseModel });
  const decided = modelsToAsk(askable(node), parent && askable(parent), input.compareWith);
  if (!decided.ok) throw new ConflictError(decided.problem);
  const exploration = await findExploration(db, node.explorationId);
  if (!exploration) throw new NotFoundError("The node's exploration was not found.");
  const runnerName = exploration.runnerName;
  // one ask at a time per runner: two at once must not both take the last place
  return inTurn(`generation:${runnerName}`, () => submitGeneration(db, input, runnerName, decided.models));
}

async function submitGeneration(
  db: Db,
  input: AskInput,
  runnerName: string,
  models: AskedModel[],
): Promise<GenerationRecord> {
  const running = await stillRunning(db, runnerName);
  if (running >= MAX_RUNNING_PER_RUNNER)
    throw new ConflictError(
      `${running} generation jobs are already running on the runner "${runnerName}"; ask again when one has answered.`,
    );
  const runner = await getRunner(db, runnerName);
  const jobId = `g${randomUUID().replaceAll("-", "").slice(0, 20)}`;
  const spec = generationJobSpecSchema.parse({
    version: PROTOCOL_VERSION,
    kind: "generate",
    jobId,
    models: models.map(({ label, baseModel, checkpoint }) => ({ label, baseModel, checkpoint })),
    prompts: [input.prompt],
    maxNewTokens: input.maxNewTokens,
    temperature: input.temperature,
  });
  // the row exists before the worker starts: a crash in between leaves a record that ends as failed, not a ghost
  const row = await insertGeneration(db, {
    nodeId: input.nodeId,
    compareWith: input.compareWith,
    prompt: input.prompt,
    maxNewTokens: spec.maxNewTokens,
    temperature: spec.temperature,
    runnerName,
    jobId,
    models,
    askedById: input.askedById,
  });
  try {
    const { externalId, workDir } = await runner.submit(spec);
    await updateGeneration(db, row.id, { externalId, workDir });
    watch(db, row.id);
    return { ...row, externalId, workDir };
  } catch (e) {
    const error = `could not submit to the ${runner.kind} runner "${runnerName}": ${(e as Error).message}`;
    await finishGeneration(db, row.id, { status: "failed", error });
    return { ...row, status: "failed", error };
  }
}

/** The node's latest prompts and answers, newest first; running ones are watched (again, after a restart). */
export async function listGenerations(db: Db, nodeId: string): Promise<GenerationRecord[]> {
  const rows = await listGenerationsOfNode(db, nodeId, SHOWN);
  for (const r of rows) if (r.status === "running" && r.workDir) watch(db, r.id);
  return rows;
}

/**
 * The runner's generations that are really still running: each gets one fresh look first, so a job that ended
 * while no watcher followed it (a restart, a node nobody opened since) does not hold a place for ever.
 */
async function stillRunning(db: Db, runnerName: string): Promise<number> {
  let count = 0;
  for (const gen of await listRunningGenerations(db, runnerName))
    if (!(await settle(db, gen.id).catch(() => false))) count++; // a runner that cannot answer: counted as running
  return count;
}

const g = globalThis as unknown as { __trexGenerationWatchers?: Map<string, Promise<void>> };
const watchers = (g.__trexGenerationWatchers ??= new Map());

function watch(db: Db, id: string): void {
  if (watchers.has(id)) return;
  const loop = (async () => {
    try {
      while (!(await settle(db, id))) await new Promise((r) => setTimeout(r, POLL_MS).unref());
    } catch {
      // the database went away (shutdown) or the runner failed to answer: the next read watches again
    } finally {
      watchers.delete(id);
    }
  })();
  watchers.set(id, loop);
}

/** Resolves once the generation's watcher has ended it (tests and the CLI wait on this). */
export async function generationSettled(id: string): Promise<void> {
  await watchers.get(id);
}

/** One look at the job: true when the generation has ended (now or before). */
async function settle(db: Db, id: string): Promise<boolean> {
  const end = async (e: Parameters<typeof finishGeneration>[2]) => {
    await finishGeneration(db, id, e); // false: another watcher ended it first; ended either way
    return true;
  };
  const gen = await findGeneration(db, id);
  if (!gen || gen.status !== "running") return true;
  if (!gen.workDir) {
    // inserted, but the submit never recorded where the job went: a server stopped in between
    if (Date.now() - gen.createdAt.getTime() < SUBMIT_GRACE_MS) return false;
    return end({ status: "failed", error: "the server stopped before the generation job was submitted; ask again" });
  }
  const runner = await getRunner(db, gen.runnerName);
  const ref: JobRef = { jobId: gen.jobId, externalId: gen.externalId, workDir: gen.workDir };
  const state = (await runner.status([ref])).get(gen.jobId) ?? "unknown";
  const late = Date.now() - gen.createdAt.getTime() > GIVE_UP_MS;
  if (state === "pending" || state === "running") {
    if (!late) return false;
    await runner.cancel(ref).catch(() => undefined);
    return end({
      status: "failed",
      error: `the generation job did not finish within ${GIVE_UP_MS / 60_000} minutes and was cancelled`,
    });
  }
  const result = await runner.fetchResult(ref);
  if (!result) {
    if (state === "unknown" && !late) return false; // a scheduler that forgot the job: result.json may still come
    const tail = (await runner.readLogTail(ref, 600).catch(() => "")).trim();
    return end({
      status: "failed",
      error: `the worker ended without a result${tail ? `: ${tail.split("\n").slice(-3).join(" | ")}` : ""}`,
    });
  }
  if (result.status !== "succeeded" || !result.generation)
    return end({
      status: "failed",
      error: result.error ?? `the generation job ended ${result.status}`,
      wallSeconds: result.cost.wallSeconds,
    });
  return end({
    status: "succeeded",
    answers: result.generation,
    wallSeconds: result.cost.wallSeconds,
  });
}
