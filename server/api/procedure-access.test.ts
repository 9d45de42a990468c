/**
 * Walks EVERY procedure of the app router (read from the router itself, so a new procedure is covered without
 * anyone remembering) and attacks each: anonymous, a member of another workspace, a viewer, the victim's id
 * plus the attacker's own id in a second field, the attacker's own input with the victim's id in a secondary
 * field, and ids of every other kind of resource. Each attack must get no data (no marker of the victim's
 * workspace in the answer) and change no row (every table compared before and after). Then the sample input
 * must work for a member with exactly the required role, and a mutation must be audited in the resource's
 * workspace naming the actor: so the refusals above are not a broken sample refusing everyone.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { DatasetStore } from "../datasets/dataset-store.ts";
import { registerRunner, unregisterRunner } from "../services/runner-registry.ts";
import { setDatasetStore } from "../services/dataset-service.ts";
import { sampleEntryRecord } from "../testing/entry-record-fixture.ts";
import { FakeRunner } from "../testing/fake-runner.ts";
import { submitExploration } from "../services/leaderboard-service.ts";
import { pruneSubtree } from "../services/prune-service.ts";
import { changedTables, createAccessWorld, snapshotDatabase, type AccessWorld } from "../testing/access-world.ts";
import { contextFor, createTestUser, type TestUser } from "../testing/test-auth.ts";
import { createTestDb, type TestDb } from "../testing/test-db.ts";
import { appRouter, createCaller } from "./root.ts";
import type { Context, ProcedureAccess } from "./trpc.ts";

const budget = { rounds: 2, trainingRuns: 4, computeSeconds: 1000, wallSeconds: 3600, tokens: 0 };
const goal = "Classify reviews by sentiment, maximise accuracy.";
let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}`;

/** A valid input for each procedure, built from a world's ids. A new procedure fails the test until it has one. */
const SAMPLES: Record<string, (w: AccessWorld) => unknown> = {
  "account.me": () => undefined,
  "account.createWorkspace": () => ({ name: "New team", slug: `team-${unique()}` }),
  "account.members": (w) => ({ workspaceId: w.workspaceId }),
  "account.setMember": (w) => ({ workspaceId: w.workspaceId, email: w.viewer.email, role: "reviewer" }),
  "account.removeMember": (w) => ({ workspaceId: w.workspaceId, userId: w.viewer.userId }),
  "account.audit": (w) => ({ workspaceId: w.workspaceId, take: 10 }),
  "account.instanceAudit": () => ({ take: 10 }),
  "account.tokens": () => undefined,
  "account.createToken": () => ({ name: "cli", scopes: ["read"] }),
  "account.revokeToken": (w) => ({ id: w.tokenId }),
  "exploration.list": () => undefined,
  "exploration.tree": (w) => ({ id: w.explorationId }),
  "exploration.treeChanges": (w) => ({ id: w.explorationId, since: new Date(0).toISOString() }),
  "exploration.title": (w) => ({ id: w.explorationId }),
  "exploration.create": (w) => ({ workspaceId: w.workspaceId, goal, datasetId: w.datasetId, budget }),
  "exploration.pause": (w) => ({ id: w.explorationId }),
  "exploration.resume": (w) => ({ id: w.explorationId }),
  "exploration.stop": (w) => ({ id: w.explorationId }),
  "exploration.approveAll": (w) => ({ id: w.explorationId }),
  "exploration.revealTestScores": (w) => ({ id: w.explorationId }),
  "exploration.queue": (w) => ({ id: w.explorationId }),
  "exploration.updateBudget": (w) => ({
    id: w.explorationId,
    budget: { ...budget, rounds: 5, trainingRuns: 20, computeSeconds: 20_000 },
  }),
  "node.detail": (w) => ({ id: w.succeededId }),
  "node.artifacts": (w) => ({ id: w.succeededId }),
  "node.approve": (w) => ({ id: w.pendingId }),
  "node.prune": (w) => ({ id: w.pendingId, reason: "duplicates another proposal" }),
  "node.undoPrune": (w) => ({ id: w.pendingId }),
  "node.retry": (w) => ({ id: w.failedId }),
  "node.edit": (w) => ({ id: w.pendingId, title: "Renamed by a reviewer" }),
  "compare.nodes": (w) => ({ explorationId: w.explorationId, nodeIds: [w.rootId, w.succeededId] }),
  "playground.list": (w) => ({ nodeId: w.succeededId }),
  "playground.ask": (w) => ({ nodeId: w.succeededId, prompt: "Is this film any good?" }),
  "node.addChild": (w) => ({ parentId: w.succeededId, title: "More epochs", recipe: w.recipe, config: w.config }),
  "task.list": () => undefined,
  "dataset.list": () => undefined,
  "dataset.get": (w) => ({ datasetId: w.datasetId }),
  "dataset.delete": (w) => ({ datasetId: w.datasetId }),
  "leaderboard.list": () => ({}),
  "leaderboard.curves": () => ({}),
  "leaderboard.export": () => ({ format: "json" }),
  "leaderboard.submit": (w) => ({ explorationId: w.explorationId }),
  "leaderboard.board": () => ({}),
  "leaderboard.exportEntry": (w) => ({ explorationId: w.explorationId }),
  "leaderboard.import": (w) => ({ workspaceId: w.workspaceId, record: sampleEntryRecord() }),
  "agent.traces": (w) => ({ nodeId: w.rootId }),
  "agent.insights": (w) => ({ explorationId: w.explorationId }),
  "agent.previewAnalysis": (w) => ({ workspaceId: w.workspaceId, goal, datasetId: w.datasetId }),
  "ui.explorationOverviews": () => undefined,
  "ui.fork": (w) => ({ nodeId: w.succeededId }),
  "runner.list": () => undefined,
  "runner.settings": () => undefined,
  "runner.add": () => ({ name: `added-${unique()}`, config: { kind: "local" } }),
  "runner.edit": (w) => ({ id: w.runnerId, config: { kind: "local", concurrency: 2 } }),
  "runner.remove": (w) => ({ id: w.runnerId }),
  "runner.test": (w) => ({ name: w.runnerName }),
};

/** State a sample needs beyond the world (resume needs a paused exploration). */
const PREPARE: Record<string, (db: TestDb["db"], w: AccessWorld) => Promise<unknown>> = {
  "exploration.resume": (db, w) =>
    db.exploration.update({ where: { id: w.explorationId }, data: { status: "paused" } }),
  // a node with a checkpoint, on a runner whose jobs wait: the sample submits a generation job and nothing runs
  "playground.ask": (db, w) => {
    registerRunner(new FakeRunner());
    onTestFinished(() => unregisterRunner("local"));
    return db.node.update({ where: { id: w.succeededId }, data: { checkpoint: `jobs/${w.marker}/checkpoint` } });
  },
  "node.undoPrune": (db, w) => pruneSubtree(db, w.pendingId, "pruned so that it can be undone"),
  // an ended exploration with its entry on the board: what an export reads
  "leaderboard.exportEntry": async (db, w) => {
    await db.exploration.update({ where: { id: w.explorationId }, data: { status: "stopped" } });
    return submitExploration(db, w.explorationId);
  },
};

interface Procedure {
  path: string;
  type: "query" | "mutation" | "subscription";
  access: ProcedureAccess | undefined;
  changesNothing: boolean;
  takesInput: boolean;
}

const procedures: Procedure[] = Object.entries(
  appRouter._def.procedures as unknown as Record<
    string,
    {
      _def: {
        type: Procedure["type"];
        meta?: { access?: ProcedureAccess; changesNothing?: boolean };
        inputs: unknown[];
      };
    }
  >,
).map(([p, proc]) => ({
  path: p,
  type: proc._def.type,
  access: proc._def.meta?.access,
  changesNothing: proc._def.meta?.changesNothing ?? false,
  takesInput: proc._def.inputs.length > 0,
}));

type Outcome = { ok: true; data: unknown } | { ok: false; code: string; message: string };

async function call(ctx: Context, procedurePath: string, input: unknown): Promise<Outcome> {
  let fn: unknown = createCaller(ctx);
  for (const key of procedurePath.split(".")) fn = (fn as Record<string, unknown>)[key];
  try {
    return { ok: true, data: await (fn as (i: unknown) => Promise<unknown>)(input) };
  } catch (e) {
    if (e instanceof TRPCError) return { ok: false, code: e.code, message: e.message };
    throw e;
  }
}

/** The ids that must never come back to an outsider, by kind. */
function idsOf(w: AccessWorld): Record<string, string[]> {
  return {
    exploration: [w.explorationId],
    node: [w.rootId, w.succeededId, w.pendingId, w.failedId],
    dataset: [w.datasetId],
    workspace: [w.workspaceId],
    apiToken: [w.tokenId],
    runner: [w.runnerId],
    user: [w.admin.userId, w.reviewer.userId, w.viewer.userId],
  };
}
/** a field name that refers to a resource, and the kind it refers to */
const ID_FIELDS: Record<string, string> = {
  explorationId: "exploration",
  nodeId: "node",
  parentId: "node",
  datasetId: "dataset",
  workspaceId: "workspace",
};

let storeDir: string;

beforeAll(() => {
  storeDir = fs.mkdtempSync(path.join(os.tmpdir(), "trex-access-datasets-"));
  setDatasetStore(new DatasetStore(storeDir));
});
afterAll(() => fs.rmSync(storeDir, { recursive: true, force: true }));

describe("the app router", () => {
  it("declares how every procedure is reached, and the access test has an input for each", () => {
    expect(procedures.length).toBeGreaterThan(30);
    expect(procedures.filter((p) => !p.access).map((p) => p.path)).toEqual([]);
    expect(procedures.filter((p) => !SAMPLES[p.path]).map((p) => p.path)).toEqual([]);
    expect(Object.keys(SAMPLES).filter((k) => !procedures.some((p) => p.path === k))).toEqual([]);
  });
});

describe.each(procedures)("$path", (proc) => {
  it("gives outsiders nothing and lets exactly the right role through", async () => {
    const access = proc.access;
    const sample = SAMPLES[proc.path];
    if (!access || !sample) throw new Error(`${proc.path}: no access declared or no sample input`);
    // a database of its own: each procedure starts from the same two workspaces, and snapshots stay small
    const t = await createTestDb();
    onTestFinished(() => t.cleanup());
    const instanceAdmin = await createTestUser(t.db, { isAdmin: true });
    const victim = await createAccessWorld(t.db, "victim");
    const attacker = await createAccessWorld(t.db, "attacker");
    await PREPARE[proc.path]?.(t.db, victim);
    await PREPARE[proc.path]?.(t.db, attacker);
    const ctx = (u: TestUser) => contextFor(t.db, u);
    const victimIds = idsOf(victim);
    const attackerIds = idsOf(attacker);
    const victimInput = sample(victim);
    const attackerInput = sample(attacker);
    const inputValues =
      victimInput && typeof victimInput === "object" ? Object.values(victimInput as Record<string, unknown>) : [];
    const namesVictim = inputValues.some((v) => typeof v === "string" && Object.values(victimIds).flat().includes(v));
    const secrets = [victim.marker, ...Object.values(victimIds).flat()];
    const failures: string[] = [];

    /** must be refused (or, with `mayAnswer`, may answer with its own data), must leak nothing and write nothing */
    let snapshot = await snapshotDatabase(t.db);
    const attack = async (
      label: string,
      caller: Context,
      input: unknown,
      opts: { mayAnswer?: boolean; mayWrite?: boolean; code?: string } = {},
    ) => {
      const out = await call(caller, proc.path, input);
      const after = await snapshotDatabase(t.db);
      const changed = changedTables(snapshot, after);
      snapshot = after;
      if (out.ok && !opts.mayAnswer) failures.push(`${label}: answered ${JSON.stringify(out.data)?.slice(0, 200)}`);
      if (!out.ok && opts.code && out.code !== opts.code)
        failures.push(`${label}: ${out.code} (${out.message}), expected ${opts.code}`);
      const text = out.ok ? (JSON.stringify(out.data) ?? "") : out.message;
      const leaked = (out.ok ? secrets : [victim.marker]).filter((s) => text.includes(s));
      if (leaked.length) failures.push(`${label}: the answer holds the victim's ${leaked.join(", ")}`);
      if (changed.length && !opts.mayWrite) failures.push(`${label}: changed ${changed.join(", ")}`);
    };

    const stranger = await ctx(attacker.admin);
    const actsOnResource = access.rung === "resource" || access.rung === "instance-admin" || namesVictim;

    await attack("anonymous", { db: t.db, principal: null }, victimInput, { code: "UNAUTHORIZED" });
    // a member (admin) of another workspace, with the victim's input; where the input names nothing of the
    // victim's (lists, own tokens), it may answer, with its own data only
    await attack(
      "another workspace's admin",
      stranger,
      victimInput,
      actsOnResource ? {} : { mayAnswer: true, mayWrite: true },
    );
    const needsMoreThanViewer =
      (access.rung === "resource" && access.role !== "viewer") ||
      access.rung === "instance-admin" ||
      (access.rung === "signed-in" && namesVictim);
    if (needsMoreThanViewer) await attack("the victim workspace's viewer", await ctx(victim.viewer), victimInput);
    if (access.rung === "instance-admin")
      await attack("the victim workspace's admin", await ctx(victim.admin), victimInput, { code: "FORBIDDEN" });

    if (access.rung === "resource") {
      const ownIdOf = (kind: string) => idsOf(attacker)[kind]?.[kind === "node" ? 1 : 0] ?? "";
      const victimIdOf = (kind: string) => victimIds[kind]?.[kind === "node" ? 1 : 0] ?? "";
      const fields = { ...ID_FIELDS, id: access.kind };
      for (const [field, kind] of Object.entries(fields)) {
        if (field === access.field) continue;
        // the victim's id where the ladder looks, the attacker's own id in a second field
        await attack(`victim's ${access.field} + own ${field}`, stranger, {
          ...(victimInput as object),
          [field]: ownIdOf(kind),
        });
        // the attacker's own resource where the ladder looks, the victim's id in a second field
        if (!(field in (attackerInput as object)))
          await attack(`own ${access.field} + victim's ${field}`, stranger, {
            ...(attackerInput as object),
            [field]: victimIdOf(kind),
          });
      }
      // secondary references in the attacker's own input (a dataset to train on), swapped for the victim's
      for (const [field, value] of Object.entries(attackerInput as Record<string, unknown>)) {
        if (field === access.field || typeof value !== "string") continue;
        const kind = Object.entries(attackerIds).find(([, ids]) => ids.includes(value))?.[0];
        if (!kind || kind === "user") continue;
        await attack(`own ${access.field} + victim's ${kind} in ${field}`, stranger, {
          ...(attackerInput as object),
          [field]: victimIdOf(kind),
        });
      }
      // ids of every other kind where the ladder looks, even from a member with the role
      const member = await ctx(victim[access.role]);
      for (const [kind, ids] of Object.entries(victimIds)) {
        if (kind !== access.kind)
          await attack(`a ${kind} id in ${access.field}`, member, {
            ...(victimInput as object),
            [access.field]: ids[0],
          });
      }
    }

    // the rightful caller: the exact role required, the token's owner, or an instance admin
    const rightful =
      access.rung === "instance-admin"
        ? instanceAdmin
        : access.rung === "resource" || access.rung === "across-workspaces"
          ? victim[access.role]
          : victim.admin;
    // every procedure declares its input (`noInput` where it takes none), so an extra field is a 400 everywhere
    if (!proc.takesInput) failures.push("declares no input: use .input(noInput) so an extra field is refused");
    const extra = await call(await ctx(rightful), proc.path, {
      ...((victimInput as object) ?? {}),
      unexpectedField: 1,
    });
    if (extra.ok || extra.code !== "BAD_REQUEST" || !/Unknown field "unexpectedField"/.test(extra.message))
      failures.push(
        `an unknown field: ${extra.ok ? "accepted" : `${extra.code} ${extra.message}`}, expected a 400 naming it`,
      );
    expect(failures).toEqual([]);

    const auditBefore = (await t.db.auditEvent.aggregate({ _max: { id: true } }))._max.id ?? 0;
    const ok = await call(await ctx(rightful), proc.path, victimInput);
    expect(ok.ok ? "OK" : `${ok.code}: ${ok.message}`).toBe("OK");
    const audited = await t.db.auditEvent.findMany({ where: { id: { gt: auditBefore } }, orderBy: { id: "desc" } });
    const event = audited.find((e) => e.action === proc.path);
    // a preview changes nothing: audited, it would bury the log
    if (proc.changesNothing) expect(event, "a mutation that changes nothing is not audited").toBeUndefined();
    else if (proc.type === "mutation" && access.rung === "resource") {
      expect(event, "a mutation is audited").toBeDefined();
      expect({ workspaceId: event?.workspaceId, actor: event?.actorUserId }).toEqual({
        workspaceId: victim.workspaceId,
        actor: rightful.userId,
      });
    } else if (proc.type === "mutation" && access.rung === "signed-in") {
      // the caller's own things (API tokens): audited outside any workspace, naming the actor and the thing
      expect(event, "a mutation is audited").toBeDefined();
      expect({ workspaceId: event?.workspaceId, actor: event?.actorUserId }).toEqual({
        workspaceId: null,
        actor: rightful.userId,
      });
      expect(event?.target).toBeTruthy();
    }
  });
});
