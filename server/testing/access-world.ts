/**
 * A workspace with one of everything, for the access test that walks every procedure: users of each role, an
 * exploration whose nodes are in the states the review actions need, a dataset, an API token and a runner.
 * Every name carries a marker, so an answer that leaks the workspace's data can be recognised.
 */
import { randomBytes } from "node:crypto";
import { createApiToken } from "../auth/api-tokens.ts";
import type { Db } from "../db.ts";
import { Prisma } from "../generated/prisma/client.ts";
import { createDataset } from "../services/dataset-service.ts";
import { createExploration } from "../services/exploration-service.ts";
import { addRunner } from "../services/runner-settings-service.ts";
import { createTestUser, type TestUser } from "./test-auth.ts";

export interface AccessWorld {
  marker: string;
  workspaceId: string;
  admin: TestUser;
  reviewer: TestUser;
  viewer: TestUser;
  explorationId: string;
  /** the baseline, succeeded */
  rootId: string;
  /** a trained child that succeeded (rankable, forkable, a parent for new children) */
  succeededId: string;
  /** waiting for a reviewer (approve, edit, prune) */
  pendingId: string;
  /** failed (retry) */
  failedId: string;
  datasetId: string;
  /** the admin's API token */
  tokenId: string;
  runnerId: string;
  runnerName: string;
  /** the baseline's data recipe and training config: valid inputs for a new child */
  recipe: unknown;
  config: unknown;
}

const jsonl = (rows: object[]) => rows.map((r) => JSON.stringify(r)).join("\n");
const reviews = Array.from({ length: 40 }, (_, i) => ({
  input: `film ${i} was ${i % 2 ? "wonderful" : "dreadful"}`,
  output: i % 2 ? "pos" : "neg",
}));

export async function createAccessWorld(db: Db, label: string): Promise<AccessWorld> {
  const marker = `${label}-secret-${randomBytes(4).toString("hex")}`;
  const workspaceId = `ws-${marker}`;
  await db.workspace.create({ data: { id: workspaceId, name: `${marker} team`, slug: workspaceId } });
  const [admin, reviewer, viewer] = (await Promise.all(
    (["admin", "reviewer", "viewer"] as const).map((role) => createTestUser(db, { role, workspaceId })),
  )) as [TestUser, TestUser, TestUser];
  const exploration = await createExploration(
    db,
    {
      title: `${marker} exploration`,
      goal: `Classify reviews by sentiment for ${marker}.`,
      taskId: "mini-sst2",
      approvalMode: "review-each-expansion",
      budget: { rounds: 3, trainingRuns: 12, computeSeconds: 10_000, wallSeconds: 3600, tokens: 0 },
    },
    { workspaceIds: [workspaceId] },
  );
  const root = await db.node.findFirstOrThrow({ where: { explorationId: exploration.id, parentId: null } });
  await db.node.update({ where: { id: root.id }, data: { status: "succeeded", score: 0.3, computeSeconds: 5 } });
  const child = async (status: string, ordinal: number, score: number | null) =>
    (
      await db.node.create({
        data: {
          explorationId: exploration.id,
          parentId: root.id,
          ordinal,
          round: 1,
          direction: "manual",
          plan: JSON.stringify({
            title: `${marker} child ${status}`,
            rationale: "test",
            hypotheses: [],
            warmStart: false,
          }),
          recipe: root.recipe,
          config: root.config,
          status,
          score,
          fingerprint: `${marker}-${ordinal}`,
        },
      })
    ).id;
  const succeededId = await child("succeeded", 1, 0.6);
  const pendingId = await child("awaiting_review", 2, null);
  const failedId = await child("failed", 3, null);
  const dataset = await createDataset(db, {
    meta: { name: `${marker} reviews`, metric: "accuracy", labels: [] },
    files: [{ split: "train", fileName: "train.jsonl", data: Buffer.from(jsonl(reviews)) }],
    workspaceId,
    createdById: admin.userId,
  });
  const token = await createApiToken(db, admin.userId, `${marker} token`, ["read"]);
  // a runner's name is shown to every member; its details carry the marker
  const runnerName = `runner-${randomBytes(4).toString("hex")}`;
  // the python path is a secret detail: members may see a runner's name, kind and health only
  const runner = await addRunner(db, {
    name: runnerName,
    config: { kind: "local", python: `/opt/${marker}/python`, env: { TREX_SECRET: marker } },
  });
  return {
    marker,
    workspaceId,
    admin,
    reviewer,
    viewer,
    explorationId: exploration.id,
    rootId: root.id,
    succeededId,
    pendingId,
    failedId,
    datasetId: dataset.id,
    tokenId: token.id,
    runnerId: runner.id ?? "",
    runnerName,
    recipe: JSON.parse(root.recipe) as unknown,
    config: JSON.parse(root.config) as unknown,
  };
}

/** Counters of the caller's own requests, not anyone's data: a refused request may still count against its sender. */
const BOOKKEEPING: readonly string[] = [Prisma.ModelName.RateLimitBucket];

/** Every row of every table (but request counters), in a stable order: equal snapshots mean nothing was written. */
export async function snapshotDatabase(db: Db): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const model of Object.values(Prisma.ModelName)) {
    if (BOOKKEEPING.includes(model)) continue;
    const delegate = (db as unknown as Record<string, { findMany: () => Promise<unknown[]> }>)[
      model.charAt(0).toLowerCase() + model.slice(1)
    ];
    if (!delegate) throw new Error(`no delegate for ${model}`);
    out[model] = (await delegate.findMany())
      .map((r) => JSON.stringify(r))
      .sort()
      .join("\n");
  }
  return out;
}

/** The tables whose rows differ between two snapshots. */
export function changedTables(before: Record<string, string>, after: Record<string, string>): string[] {
  return Object.keys(before).filter((k) => before[k] !== after[k]);
}
