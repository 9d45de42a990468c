import type { Prisma } from "../generated/prisma/client.ts";
import type { Db } from "../db.ts";
import type { DatasetMetric, DatasetSummary } from "../domain/datasets/dataset-input.ts";

type Tx = Prisma.TransactionClient | Db;

export interface DatasetRecord {
  id: string;
  workspaceId: string;
  name: string;
  metric: DatasetMetric;
  labels: string[];
  summary: DatasetSummary;
  sha256: string;
  createdById: string | null;
  createdAt: Date;
}

type Row = Prisma.DatasetGetPayload<object>;

function toRecord(row: Row): DatasetRecord {
  return {
    ...row,
    metric: row.metric as DatasetMetric,
    labels: JSON.parse(row.labels) as string[],
    summary: JSON.parse(row.summary) as DatasetSummary,
  };
}

export async function insertDataset(tx: Tx, data: Omit<DatasetRecord, "createdAt">): Promise<DatasetRecord> {
  const row = await tx.dataset.create({
    data: { ...data, labels: JSON.stringify(data.labels), summary: JSON.stringify(data.summary) },
  });
  return toRecord(row);
}

export async function findDataset(db: Tx, id: string): Promise<DatasetRecord | null> {
  const row = await db.dataset.findUnique({ where: { id } });
  return row ? toRecord(row) : null;
}

export async function listDatasetsIn(
  db: Tx,
  workspaceIds: readonly string[],
): Promise<(DatasetRecord & { explorations: number })[]> {
  const rows = await db.dataset.findMany({
    where: { workspaceId: { in: [...workspaceIds] } },
    orderBy: { createdAt: "desc" },
    take: 200,
    include: { _count: { select: { explorations: true } } },
  });
  return rows.map(({ _count, ...row }) => ({ ...toRecord(row), explorations: _count.explorations }));
}

/** id → name, for lists that show which dataset an exploration trains on */
export async function datasetNames(db: Tx, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.dataset.findMany({ where: { id: { in: [...ids] } }, select: { id: true, name: true } });
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function countExplorationsOfDataset(db: Tx, id: string): Promise<number> {
  return db.exploration.count({ where: { datasetId: id } });
}

export async function deleteDatasetRow(tx: Tx, id: string): Promise<void> {
  await tx.dataset.delete({ where: { id } });
}
