import type { Prisma } from "../generated/prisma/client.ts";
import type { Db } from "../db.ts";
import { ACTIVE_JOB_STATUSES, type JobStatus } from "../contract/statuses.ts";

type Tx = Prisma.TransactionClient | Db;

export type JobRow = Prisma.JobGetPayload<object>;

export async function insertJob(
  tx: Tx,
  data: { id: string; nodeId: string; runnerName: string; workDir: string; attempt: number },
): Promise<JobRow> {
  return tx.job.create({ data: { ...data, status: "submitted" } });
}

export async function listActiveJobs(
  db: Tx,
  explorationId?: string,
): Promise<(JobRow & { node: { explorationId: string; progress: number } })[]> {
  return db.job.findMany({
    where: { status: { in: [...ACTIVE_JOB_STATUSES] }, ...(explorationId ? { node: { explorationId } } : {}) },
    include: { node: { select: { explorationId: true, progress: true } } },
    orderBy: { createdAt: "asc" },
  });
}

const stepsOf = (config: string): number => {
  try {
    const steps: unknown = (JSON.parse(config) as { steps?: unknown }).steps;
    return typeof steps === "number" ? steps : 0;
  } catch {
    return 0;
  }
};

/** The runner's most recent successful jobs: wall seconds and training steps, newest first (its pace). */
export async function recentJobRuns(
  db: Tx,
  runnerName: string,
  limit = 30,
): Promise<{ seconds: number; steps: number }[]> {
  const rows = await db.job.findMany({
    where: { runnerName, status: "succeeded", startedAt: { not: null }, finishedAt: { not: null } },
    select: { startedAt: true, finishedAt: true, node: { select: { config: true } } },
    orderBy: { finishedAt: "desc" },
    take: limit,
  });
  return rows.flatMap((r) =>
    r.startedAt && r.finishedAt
      ? [{ seconds: (r.finishedAt.getTime() - r.startedAt.getTime()) / 1000, steps: stepsOf(r.node.config) }]
      : [],
  );
}

/** Training steps of nodes, by id (for estimating how long their runs take). */
export async function stepsOfNodes(db: Tx, ids: readonly string[]): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const rows = await db.node.findMany({ where: { id: { in: [...ids] } }, select: { id: true, config: true } });
  return new Map(rows.map((r) => [r.id, stepsOf(r.config)]));
}

export async function findJob(db: Tx, id: string): Promise<JobRow | null> {
  return db.job.findUnique({ where: { id } });
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
  data: Partial<{
    status: JobStatus;
    externalId: string | null;
    workDir: string;
    heartbeatAt: Date;
    eventsOffset: number;
    error: string | null;
    startedAt: Date;
    finishedAt: Date;
  }>,
): Promise<void> {
  await tx.job.update({ where: { id }, data });
}
