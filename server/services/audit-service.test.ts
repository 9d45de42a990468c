import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createCaller } from "../api/root.ts";
import { createAccessWorld, type AccessWorld } from "../testing/access-world.ts";
import { contextFor, createTestUser } from "../testing/test-auth.ts";
import { createTestDb, type TestDb } from "../testing/test-db.ts";

let t: TestDb;
let w: AccessWorld;
let admin: ReturnType<typeof createCaller>;
let reviewer: ReturnType<typeof createCaller>;

beforeEach(async () => {
  t = await createTestDb();
  w = await createAccessWorld(t.db, "audit");
  admin = createCaller(await contextFor(t.db, w.admin));
  reviewer = createCaller(await contextFor(t.db, w.reviewer));
});
afterEach(() => t.cleanup());

const title = () => `${w.marker} exploration`;

describe("the audit log", () => {
  it("names the actor and the target in words, keeps the prune's reason, and groups repeats", async () => {
    await reviewer.node.prune({ id: w.pendingId, reason: "duplicates #1" });
    await reviewer.node.undoPrune({ id: w.pendingId });
    for (const n of [1, 2, 3]) await reviewer.node.edit({ id: w.pendingId, title: `Renamed ${n}` });
    await admin.exploration.pause({ id: w.explorationId });

    const log = await admin.account.audit({ workspaceId: w.workspaceId });
    const lines = log.events.map((e) => [e.actor, e.verb, e.target?.label, e.count, e.reason]);
    expect(lines).toEqual([
      [w.admin.email, "paused", `exploration ‘${title()}’`, 1, null],
      [w.reviewer.email, "edited", `node #2 of ‘${title()}’`, 3, null],
      [w.reviewer.email, "undid the prune of", `node #2 of ‘${title()}’`, 1, null],
      [w.reviewer.email, "pruned", `node #2 of ‘${title()}’`, 1, "duplicates #1"],
    ]);
    expect(log.events[0]?.target?.href).toBe(`/explorations/${w.explorationId}`);
    expect(log.actors.map((a) => a.email).sort()).toEqual([w.admin.email, w.reviewer.email].sort());
    expect(log.actions.map((a) => a.action)).toEqual([
      "exploration.pause",
      "node.edit",
      "node.prune",
      "node.undoPrune",
    ]);
  });

  it("filters by actor, by action and by time", async () => {
    await reviewer.node.prune({ id: w.pendingId, reason: "not needed" });
    await admin.exploration.pause({ id: w.explorationId });
    const byActor = await admin.account.audit({ workspaceId: w.workspaceId, actorUserId: w.reviewer.userId });
    expect(byActor.events.map((e) => e.action)).toEqual(["node.prune"]);
    const byAction = await admin.account.audit({ workspaceId: w.workspaceId, action: "exploration.pause" });
    expect(byAction.events.map((e) => e.actor)).toEqual([w.admin.email]);
    const future = new Date(Date.now() + 86_400_000).toISOString();
    expect((await admin.account.audit({ workspaceId: w.workspaceId, from: future })).events).toEqual([]);
    const past = new Date(Date.now() - 86_400_000).toISOString();
    expect((await admin.account.audit({ workspaceId: w.workspaceId, to: past })).events).toEqual([]);
    expect((await admin.account.audit({ workspaceId: w.workspaceId, from: past, to: future })).events).toHaveLength(2);
    // another workspace's user as the actor filter finds nothing here
    const stranger = await createTestUser(t.db, { role: "admin", workspaceId: "elsewhere" });
    expect((await admin.account.audit({ workspaceId: w.workspaceId, actorUserId: stranger.userId })).events).toEqual(
      [],
    );
  });

  it("does not fill up with previews; token revocations are in the instance log, by name", async () => {
    for (let i = 0; i < 3; i++)
      await reviewer.agent.previewAnalysis({
        workspaceId: w.workspaceId,
        goal: "Classify reviews by sentiment, maximise accuracy.",
      });
    expect((await admin.account.audit({ workspaceId: w.workspaceId })).events).toEqual([]);

    await admin.account.revokeToken({ id: w.tokenId });
    const instanceAdmin = createCaller(await contextFor(t.db, await createTestUser(t.db, { isAdmin: true })));
    const log = await instanceAdmin.account.instanceAudit({ action: "account.revokeToken" });
    expect(log.events.map((e) => [e.actor, e.verb, e.target?.label])).toEqual([
      [
        w.admin.email,
        "revoked",
        expect.stringMatching(new RegExp(`^API token ‘${w.marker} token’ \\(trex_[\\w-]+…\\)$`)),
      ],
    ]);
  });

  it("says so when the target no longer exists", async () => {
    await admin.dataset.delete({ datasetId: w.datasetId });
    const log = await admin.account.audit({ workspaceId: w.workspaceId, action: "dataset.delete" });
    expect(log.events[0]?.target?.label).toBe(`dataset ${w.datasetId} (no longer exists)`);
  });
});
