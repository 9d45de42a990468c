import type { Prisma } from "../generated/prisma/client.ts";
import type { Db } from "../db.ts";
import type { GenerationStatus } from "../contract/statuses.ts";
import type { AskedModel, CompareWith } from "../domain/playground/models-to-ask.ts";
import type { GenerationAnswer } from "../contract/job-protocol.ts";

type Tx = Prisma.TransactionClient | Db;

export interface GenerationRecord {
  id: string;
  nodeId: string;
  compareWith: CompareWith;
  prompt: string;
  maxNewTokens: number;
  temperature: number;
  status: GenerationStatus;
  runnerName: string;
  jobId: string;
  externalId: string | null;
  workDir: string;
  models: AskedModel[];
  answers: GenerationAnswer[] | null;
  error: string | null;
  wallSeconds: number | null;
  askedById: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

type Row = Prisma.GenerationGetPayload<object>;

function toRecord(row: Row): GenerationRecord {
  return {
    ...row,
    compareWith: row.compareWith as CompareWith,
    status: row.status as GenerationStatus,
    models: JSON.parse(row.models) as AskedModel[],
    answers: row.answers ? (JSON.parse(row.answers) as GenerationAnswer[]) : null,
  };
}

export interface NewGeneration {
  nodeId: string;
  compareWith: CompareWith;
  prompt: string;
  maxNewTokens: number;
  temperature: number;
  runnerName: string;
  jobId: string;
  models: AskedModel[];
  askedById: string | null;
}

export async function insertGeneration(tx: Tx, g: NewGeneration): Promise<GenerationRecord> {
  return toRecord(await tx.generation.create({ data: { ...g, models: JSON.stringify(g.models), status: "running" } }));
}

export async function findGeneration(db: Tx, id: string): Promise<GenerationRecord | null> {
  const row = await db.generation.findUnique({ where: { id } });
  return row ? toRecord(row) : null;
}

export async function listGenerationsOfNode(db: Tx, nodeId: string, take: number): Promise<GenerationRecord[]> {
  const rows = await db.generation.findMany({ where: { nodeId }, orderBy: { createdAt: "desc" }, take });
  return rows.map(toRecord);
}

export async function listRunningGenerations(db: Tx, runnerName: string): Promise<GenerationRecord[]> {
  const rows = await db.generation.findMany({
    where: { runnerName, status: "running" },
    orderBy: { createdAt: "asc" },
  });
  return rows.map(toRecord);
}

export async function updateGeneration(
  tx: Tx,
  id: string,
  data: Partial<{ externalId: string; workDir: string }>,
): Promise<void> {
  await tx.generation.update({ where: { id }, data });
}

/** Ends a running generation once (a second watcher finds it ended and changes nothing). */
export async function finishGeneration(
  tx: Tx,
  id: string,
  end: { status: "succeeded" | "failed"; answers?: GenerationAnswer[]; error?: string; wallSeconds?: number },
): Promise<boolean> {
  const { count } = await tx.generation.updateMany({
    where: { id, status: "running" },
    data: {
      status: end.status,
      answers: end.answers ? JSON.stringify(end.answers) : null,
      error: end.error ?? null,
      wallSeconds: end.wallSeconds ?? null,
      finishedAt: new Date(),
    },
  });
  return count === 1;
}
