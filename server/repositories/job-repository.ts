import type { Prisma } from "../generated/prisma/client.ts";
import type { Db } from "../db.ts";
import { ACTIVE_JOB_STATUSES, type JobStatus } from "../domain/explorations/statuses.ts";

type Tx = Prisma.TransactionClient | Db;

export type JobRow = Prisma.JobGetPayload<object>;

export async function insertJob(tx: Tx, data: { id: string; nodeId: string; runnerKind: string; workDir: string; attempt: number }): Promise<JobRow> {
  return tx.job.create({ data: { ...data, status: "submitted" } });
}

export async function listActiveJobs(db: Tx, explorationId?: string): Promise<(JobRow & { node: { explorationId: string } })[]> {
  return db.job.findMany({
    where: { status: { in: [...ACTIVE_JOB_STATUSES] }, ...(explorationId ? { node: { explorationId } } : {}) },
    include: { node: { select: { explorationId: true } } },
    orderBy: { createdAt: "asc" },
  });
}

export async function countJobsOfNode(db: Tx, nodeId: string): Promise<number> {
  return db.job.count({ where: { nodeId } });
}

export async function latestJobOfNode(db: Tx, nodeId: string): Promise<JobRow | null> {
  return db.job.findFirst({ where: { nodeId }, orderBy: { attempt: "desc" } });
}

export async function updateJob(
  tx: Tx,
  id: string,
  data: Partial<{ status: JobStatus; externalId: string | null; workDir: string; heartbeatAt: Date; eventsOffset: number; error: string | null; startedAt: Date; finishedAt: Date }>,
): Promise<void> {
  await tx.job.update({ where: { id }, data });
}
