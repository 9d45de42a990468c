/** Stored runner settings: one row per configured runner, secrets in their own encrypted column. */
import type { Prisma } from "../generated/prisma/client.ts";
import type { Db } from "../db.ts";
import { ACTIVE_JOB_STATUSES, LIVE_EXPLORATION_STATUSES } from "../contract/statuses.ts";

type Tx = Prisma.TransactionClient | Db;

export type RunnerConfigRow = Prisma.RunnerConfigGetPayload<object>;

export async function listRunnerConfigs(db: Tx): Promise<RunnerConfigRow[]> {
  return db.runnerConfig.findMany({ orderBy: { name: "asc" } });
}

export async function findRunnerConfigByName(db: Tx, name: string): Promise<RunnerConfigRow | null> {
  return db.runnerConfig.findUnique({ where: { name } });
}

export async function findRunnerConfig(db: Tx, id: string): Promise<RunnerConfigRow | null> {
  return db.runnerConfig.findUnique({ where: { id } });
}

export async function insertRunnerConfig(db: Tx, data: Prisma.RunnerConfigCreateInput): Promise<RunnerConfigRow> {
  return db.runnerConfig.create({ data });
}

export async function updateRunnerConfig(
  db: Tx,
  id: string,
  data: Prisma.RunnerConfigUpdateInput,
): Promise<RunnerConfigRow> {
  return db.runnerConfig.update({ where: { id }, data });
}

export async function deleteRunnerConfig(db: Tx, id: string): Promise<void> {
  await db.runnerConfig.delete({ where: { id } });
}

export async function countActiveJobsOfRunner(db: Tx, name: string): Promise<number> {
  return db.job.count({ where: { runnerName: name, status: { in: [...ACTIVE_JOB_STATUSES] } } });
}

export async function countLiveExplorationsOfRunner(db: Tx, name: string): Promise<number> {
  return db.exploration.count({ where: { runnerName: name, status: { in: [...LIVE_EXPLORATION_STATUSES] } } });
}
