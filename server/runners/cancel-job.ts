/** Cancels one job on the runner it was dispatched to; a runner removed since then has nothing left to cancel. */
import type { Db } from "../db.ts";
import { getRunner } from "./registry.ts";
import { RunnerError } from "./types.ts";

export async function cancelJob(db: Db, job: { id: string; runnerKind: string; externalId: string | null; workDir: string }): Promise<void> {
  let runner;
  try {
    runner = await getRunner(db, job.runnerKind);
  } catch (e) {
    if (e instanceof RunnerError) return;
    throw e;
  }
  await runner.cancel({ jobId: job.id, externalId: job.externalId, workDir: job.workDir });
}
