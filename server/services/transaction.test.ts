/**
 * Concurrent writers of one exploration's events: the orchestrator and a reviewer, and on PostgreSQL two app
 * instances (two clients; SQLite serves one instance only).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../db.ts";
import { listEventsAfter } from "../repositories/event-repository.ts";
import { createTestDb, type TestDb } from "../testing/test-db.ts";
import { createExploration } from "./exploration-service.ts";
import { withEvents } from "./transaction.ts";

let t: TestDb;
let second: Db;

beforeAll(async () => {
  t = await createTestDb();
  second = createDb(t.url);
});
afterAll(async () => {
  await second.$disconnect();
  await t.cleanup();
});

describe("withEvents", () => {
  it("numbers events without gaps or losses when writers race for the next number", async () => {
    const e = await createExploration(t.db, {
      goal: "Classify reviews by sentiment, maximise accuracy.",
      taskId: "mini-sst2",
    });
    const before = (await listEventsAfter(t.db, e.id, 0)).length;
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        withEvents(i % 2 && t.kind === "postgres" ? second : t.db, (_tx, emit) =>
          emit(e.id, "exploration.selected", null, { round: i, reason: `writer ${i}`, diagnosis: "" }),
        ),
      ),
    );
    const events = await listEventsAfter(t.db, e.id, 0);
    expect(events.map((x) => x.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events.length - before).toBe(12);
  });
});
