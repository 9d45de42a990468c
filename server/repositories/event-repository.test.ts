/** Typed event payloads (server/contract/event-types.ts) on the way in and out of the database. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../testing/test-db.ts";
import { createExploration } from "../services/exploration-service.ts";
import { withEvents } from "../services/transaction.ts";
import { lastEventSeq, listEventsAfter } from "./event-repository.ts";

let t: TestDb;
let explorationId: string;

beforeAll(async () => {
  t = await createTestDb();
  explorationId = (await createExploration(t.db, { goal: "Classify reviews by sentiment.", taskId: "mini-sst2" })).id;
});
afterAll(async () => {
  await t.cleanup();
});

/** a row as some earlier version (or a stray writer) may have left it */
async function writeRow(type: string, payload: string): Promise<number> {
  const seq = (await lastEventSeq(t.db, explorationId)) + 1;
  await t.db.event.create({ data: { explorationId, seq, type, nodeId: null, payload } });
  return seq;
}

describe("event payloads", () => {
  it("refuses a payload that does not fit its type, at compile time and at run time, and writes nothing", async () => {
    const before = await lastEventSeq(t.db, explorationId);
    await expect(
      withEvents(t.db, (_tx, emit) =>
        // @ts-expect-error a node.status payload has from, to, score, error, reusedFromId and progress
        emit(explorationId, "node.status", null, { title: "not a status change" }),
      ),
    ).rejects.toThrow(/payload of a node\.status event does not fit its schema/);
    expect(await lastEventSeq(t.db, explorationId)).toBe(before);
  });

  it("reads old rows with the fields added since filled in, and leaves unreadable rows out", async () => {
    const after = await lastEventSeq(t.db, explorationId);
    // insight.created before kind, effect and comparisons were added
    const old = await writeRow(
      "insight.created",
      JSON.stringify({ id: "i1", text: "more data helps", supportingNodeIds: [] }),
    );
    const unknownType = await writeRow("node.teleported", JSON.stringify({ to: "mars" }));
    const corrupt = await writeRow("node.result", "{not json");
    const wrongShape = await writeRow("exploration.status", JSON.stringify({ to: 3 }));
    const events = await listEventsAfter(t.db, explorationId, after);
    expect(events.map((e) => e.seq)).toEqual([old]);
    expect(events[0]).toMatchObject({
      type: "insight.created",
      payload: { id: "i1", text: "more data helps", kind: "note", effect: null, comparisons: 0, supportingNodeIds: [] },
    });
    // the rows stay in the database, and numbering goes on after them
    expect(await lastEventSeq(t.db, explorationId)).toBe(Math.max(unknownType, corrupt, wrongShape));
  });

  it("hands readers the payload exactly as its emitter wrote it", async () => {
    const after = await lastEventSeq(t.db, explorationId);
    const payload = { from: "running" as const, to: "paused" as const, reason: "paused by a reviewer" };
    await withEvents(t.db, (_tx, emit) => emit(explorationId, "exploration.status", null, payload));
    const [event] = await listEventsAfter(t.db, explorationId, after);
    expect(event).toMatchObject({ type: "exploration.status", payload });
    const row = await t.db.event.findFirst({ where: { explorationId, seq: event?.seq }, select: { payload: true } });
    expect(JSON.parse(row?.payload ?? "null")).toEqual(payload);
  });
});
