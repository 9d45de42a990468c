/** compare.nodes: access on the exploration, every node in it, strict input, records and curves back. */
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createExploration } from "../../services/exploration-service.ts";
import { authedContext } from "../../testing/test-auth.ts";
import { createTestDb, type TestDb } from "../../testing/test-db.ts";
import { createCaller } from "../root.ts";
import type { Context } from "../trpc.ts";

let t: TestDb;
let viewer: Context;
let stranger: Context;
let a: { id: string; nodes: string[] };
let b: { id: string; nodes: string[] };

const goal = {
  goal: "Classify reviews by sentiment, maximise accuracy.",
  taskId: "mini-sst2",
  approvalMode: "review-each-expansion" as const,
};
const budget = { rounds: 1, trainingRuns: 1, computeSeconds: 100, wallSeconds: 100, tokens: 0 };

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "OK";
  } catch (e) {
    return e instanceof TRPCError ? e.code : `other: ${(e as Error).message}`;
  }
}

/** an exploration with its root and one more node under it */
async function explorationWithTwoNodes(): Promise<{ id: string; nodes: string[] }> {
  const { id } = await createExploration(t.db, { ...goal, budget });
  const root = await t.db.node.findFirstOrThrow({ where: { explorationId: id, parentId: null } });
  const { id: _id, ordinal: _o, createdAt: _c, updatedAt: _u, ...rest } = root;
  const child = await t.db.node.create({
    data: { ...rest, parentId: root.id, ordinal: 1, fingerprint: `${root.fingerprint}-child`, score: 0.7 },
  });
  return { id, nodes: [root.id, child.id] };
}

beforeAll(async () => {
  t = await createTestDb();
  viewer = await authedContext(t.db, "viewer");
  stranger = await authedContext(t.db, "admin", "other-team");
  a = await explorationWithTwoNodes();
  b = await explorationWithTwoNodes();
});
afterAll(() => t.cleanup());

describe("compare.nodes", () => {
  it("returns each node with its curves, in the order asked, once each", async () => {
    const out = await createCaller(viewer).compare.nodes({
      explorationId: a.id,
      nodeIds: [a.nodes[1] ?? "", a.nodes[0] ?? "", a.nodes[1] ?? ""],
    });
    expect(out.map((d) => d.node.id)).toEqual([a.nodes[1], a.nodes[0]]);
    expect(out[0]?.node.score).toBe(0.7);
    expect(out[0]?.curve).toEqual([]);
    expect(out[0]?.validation).toEqual([]);
  });

  it("refuses a node of another exploration as unknown, and strangers entirely", async () => {
    expect(
      await codeOf(
        createCaller(viewer).compare.nodes({ explorationId: a.id, nodeIds: [a.nodes[0] ?? "", b.nodes[1] ?? ""] }),
      ),
    ).toBe("NOT_FOUND");
    expect(await codeOf(createCaller(stranger).compare.nodes({ explorationId: a.id, nodeIds: a.nodes }))).toBe(
      "NOT_FOUND",
    );
    expect(await codeOf(createCaller({ db: t.db }).compare.nodes({ explorationId: a.id, nodeIds: a.nodes }))).toBe(
      "UNAUTHORIZED",
    );
  });

  it("takes a strict input of two to twelve nodes, with the reason in a sentence", async () => {
    const api = createCaller(viewer);
    expect(await codeOf(api.compare.nodes({ explorationId: a.id, nodeIds: [a.nodes[0] ?? ""] }))).toBe("BAD_REQUEST");
    await expect(api.compare.nodes({ explorationId: a.id, nodeIds: [a.nodes[0] ?? ""] })).rejects.toThrow(
      /at least two nodes/,
    );
    // a second id field cannot steer anything
    expect(await codeOf(api.compare.nodes({ explorationId: a.id, nodeIds: a.nodes, id: b.id } as never))).toBe(
      "BAD_REQUEST",
    );
  });
});
