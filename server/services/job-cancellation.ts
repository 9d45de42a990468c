/**
 * Cancels one job: asks the runner it was dispatched to (a runner removed since then has nothing left to cancel)
 * and records the job as cancelled, so it stops holding one of the runner's slots even when no loop follows its
 * exploration any more (a stopped or finished one).
 */
import type { Db } from "../db.ts";
import { updateJob } from "../repositories/job-repository.ts";
import { getRunner } from "./runner-registry.ts";
import { RunnerError } from "../runners/errors.ts";

export async function cancelJob(
  db: Db,
  job: { id: string; runnerName: string; externalId: string | null; workDir: string },
  why: string,
): Promise<void> {
  try {
    const runner = await getRunner(db, job.runnerName);
    await runner.cancel({ jobId: job.id, externalId: job.externalId, workDir: job.workDir });
  } catch (e) {
    if (!(e instanceof RunnerError)) throw e;
  }
  await updateJob(db, job.id, { status: "cancelled", finishedAt: new Date(), error: why });
}
