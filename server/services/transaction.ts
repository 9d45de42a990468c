/**
 * Runs a unit of work in one transaction and publishes its events only after the commit,
 * so no browser ever sees an event whose state change was rolled back.
 * Writers of one exploration take event numbers in turn (insertEvent locks its row); a deadlock or write
 * conflict with another writer, which PostgreSQL settles by aborting one side, rolls that side back whole and
 * it runs again.
 */
import type { Prisma } from "../generated/prisma/client.ts";
import type { Db } from "../db.ts";
import { insertEvent } from "../repositories/event-repository.ts";
import type { EventPayloads, EventType, ExplorationEvent } from "../contract/event-types.ts";
import { getBus } from "./event-bus.ts";

/** Writes one event in the transaction; its payload must be the one its type names (contract/event-types.ts). */
export type Emit = <K extends EventType>(
  explorationId: string,
  type: K,
  nodeId: string | null,
  payload: EventPayloads[K],
) => Promise<ExplorationEvent>;
export type Tx = Prisma.TransactionClient;

const ATTEMPTS = 4;

/** Prisma's codes for a unique-key race and for a write conflict or deadlock */
const isRetryable = (e: unknown) =>
  typeof e === "object" && e !== null && "code" in e && (e.code === "P2002" || e.code === "P2034");

export async function withEvents<T>(db: Db, work: (tx: Tx, emit: Emit) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await attemptWithEvents(db, work);
    } catch (e) {
      if (attempt >= ATTEMPTS || !isRetryable(e)) throw e;
    }
  }
}

async function attemptWithEvents<T>(db: Db, work: (tx: Tx, emit: Emit) => Promise<T>): Promise<T> {
  const events: ExplorationEvent[] = [];
  const result = await db.$transaction(
    async (tx) => {
      const emit: Emit = async (explorationId, type, nodeId, payload) => {
        const e = await insertEvent(tx, explorationId, type, nodeId, payload);
        events.push(e);
        return e;
      };
      return work(tx, emit);
    },
    { timeout: 20_000, maxWait: 20_000 },
  );
  const bus = getBus();
  for (const e of events) bus.emit("event", e);
  return result;
}
