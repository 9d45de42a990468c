import type { Prisma } from "../generated/prisma/client.ts";
import type { Db } from "../db.ts";
import { readEvent, type EventPayloads, type EventType, type ExplorationEvent } from "../contract/event-types.ts";
import { sealEventPayload } from "../domain/explorations/test-seal.ts";

type Tx = Prisma.TransactionClient | Db;

const eventSelect = {
  explorationId: true,
  seq: true,
  type: true,
  nodeId: true,
  payload: true,
  createdAt: true,
} as const;

type EventRow = {
  explorationId: string;
  seq: number;
  type: string;
  nodeId: string | null;
  payload: string;
  createdAt: Date;
};

/** The row as its typed event; null for a row no reader can use (unknown type, payload that does not fit it). */
function toEvent(row: EventRow): ExplorationEvent | null {
  let payload: unknown;
  try {
    payload = sealEventPayload(JSON.parse(row.payload) as Record<string, unknown>);
  } catch {
    return null;
  }
  return readEvent({ ...row, payload, createdAt: row.createdAt.toISOString() });
}

const readable = (rows: EventRow[]): ExplorationEvent[] =>
  rows.map(toEvent).filter((e): e is ExplorationEvent => e !== null);

/**
 * Appends with the next sequence number of the exploration; call inside a transaction. The no-op write on the
 * exploration's row makes concurrent writers (another app instance, a reviewer beside the orchestrator) take
 * numbers one after the other: PostgreSQL holds the row lock to the commit; SQLite has one writer anyway.
 * Events never carry test scores (test-seal.ts).
 */
export async function insertEvent<K extends EventType>(
  tx: Tx,
  explorationId: string,
  type: K,
  nodeId: string | null,
  payload: EventPayloads[K],
): Promise<ExplorationEvent> {
  await tx.$executeRaw`UPDATE "Exploration" SET "id" = "id" WHERE "id" = ${explorationId}`;
  const last = await tx.event.findFirst({ where: { explorationId }, orderBy: { seq: "desc" }, select: { seq: true } });
  const row = await tx.event.create({
    data: {
      explorationId,
      seq: (last?.seq ?? 0) + 1,
      type,
      nodeId,
      payload: JSON.stringify(sealEventPayload(payload)),
    },
    select: eventSelect,
  });
  const event = toEvent(row);
  // the types keep emitters to their payload; this catches one that got round them (and rolls the write back)
  if (!event)
    throw new Error(`the payload of a ${type} event does not fit its schema (server/contract/event-types.ts)`);
  return event;
}

/** The sequence number of the exploration's latest event (0: none yet). */
export async function lastEventSeq(db: Tx, explorationId: string): Promise<number> {
  const row = await db.event.findFirst({ where: { explorationId }, orderBy: { seq: "desc" }, select: { seq: true } });
  return row?.seq ?? 0;
}

export async function listEventsAfter(
  db: Tx,
  explorationId: string,
  afterSeq: number,
  limit = 5000,
): Promise<ExplorationEvent[]> {
  const rows = await db.event.findMany({
    where: { explorationId, seq: { gt: afterSeq } },
    orderBy: { seq: "asc" },
    take: limit,
    select: eventSelect,
  });
  return readable(rows);
}

/** Every prune and undone prune of an exploration, in order: the record the prune reasons and undo derive from. */
export async function listPruneEvents(db: Tx, explorationId: string): Promise<ExplorationEvent[]> {
  const rows = await db.event.findMany({
    where: { explorationId, type: { in: ["node.pruned", "node.unpruned"] } },
    orderBy: { seq: "asc" },
    select: eventSelect,
  });
  return readable(rows);
}
