/** The official FT-Bench splits' content hashes recorded on this instance. */
import type { Prisma } from "../generated/prisma/client.ts";
import type { Db } from "../db.ts";
import type { Split } from "../domain/datasets/dataset-file.ts";

type Tx = Prisma.TransactionClient | Db;

export interface OfficialSplitRow {
  taskId: string;
  split: Split;
  sha256: string;
  rows: number;
  source: string;
  recordedAt: Date;
}

export async function listOfficialSplits(db: Tx, taskId?: string): Promise<OfficialSplitRow[]> {
  const rows = await db.ftBenchOfficialSplit.findMany({
    where: taskId ? { taskId } : {},
    orderBy: [{ taskId: "asc" }, { split: "asc" }],
  });
  return rows.map((r) => ({ ...r, split: r.split as Split }));
}

/** Replaces the task's recorded splits with these (a split not given is no longer official). */
export async function replaceOfficialSplits(
  db: Db,
  taskId: string,
  splits: readonly Omit<OfficialSplitRow, "taskId" | "recordedAt">[],
): Promise<void> {
  await db.$transaction([
    db.ftBenchOfficialSplit.deleteMany({ where: { taskId } }),
    ...splits.map((s) => db.ftBenchOfficialSplit.create({ data: { taskId, ...s } })),
  ]);
}
