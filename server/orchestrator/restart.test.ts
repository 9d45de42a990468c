/**
 * Durability: kill -9 the orchestrator while real workers train, start it again, and the exploration
 * finishes with nothing lost or run twice.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../testing/test-db.ts";
import { createExploration } from "../services/exploration-service.ts";
import { pruneSubtree } from "../services/prune-service.ts";
import { approveNode, editNode } from "../services/review-service.ts";
import { listNodes } from "../repositories/node-repository.ts";
import { findExploration } from "../repositories/exploration-repository.ts";
import { listEventsAfter } from "../repositories/event-repository.ts";

let t: TestDb;
let child: ChildProcess | undefined;

function startOrchestrator(): ChildProcess {
  // one process (node with tsx's loader), not the tsx CLI wrapper: SIGKILL must hit the orchestrator itself
  const p = spawn(process.execPath, ["--import", "tsx", path.join("server", "orchestrator", "standalone.ts")], {
    env: {
      ...process.env,
      DATABASE_URL: t.url,
      TREX_DATA_DIR: t.dir,
      TREX_TICK_MS: "300",
      TREX_LOCAL_CONCURRENCY: "2",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  p.stderr?.on("data", (d: Buffer) => process.stderr.write(`[orchestrator] ${d.toString()}`));
  return p;
}

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined | null | false>,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  child?.kill("SIGKILL");
  await t.cleanup();
});

describe("orchestrator restart", () => {
  it(
    "continues after kill -9 mid-training: jobs reconciled, nothing lost or run twice",
    { timeout: 240_000 },
    async () => {
      const e = await createExploration(t.db, {
        goal: "Classify reviews by sentiment, maximise accuracy.",
        taskId: "mini-sst2",
        approvalMode: "review-each-expansion",
        budget: { rounds: 1, trainingRuns: 2, computeSeconds: 3600, wallSeconds: 3600, tokens: 0 },
      });
      child = startOrchestrator();
      const proposals = await until(
        "the first expansion",
        async () => {
          const nodes = await listNodes(t.db, e.id);
          const pending = nodes.filter((n) => n.status === "awaiting_review");
          return pending.length >= 2 && pending;
        },
        90_000,
      );
      // two short runs so the test stays quick; the other proposals are pruned
      const [a, b, ...rest] = proposals;
      for (const n of [a, b]) {
        if (!n) continue;
        await editNode(t.db, n.id, { config: { ...n.config, steps: 150 } });
        await approveNode(t.db, n.id);
      }
      for (const n of rest) await pruneSubtree(t.db, n.id, "keeps the test short");

      await until(
        "a running job",
        async () => (await listNodes(t.db, e.id)).some((n) => n.status === "running"),
        60_000,
      );
      child.kill("SIGKILL");
      await new Promise((r) => child?.once("exit", r));
      const jobsAtKill = await t.db.job.count();

      child = startOrchestrator();
      const done = await until(
        "the exploration to finish",
        async () => {
          const x = await findExploration(t.db, e.id);
          return x && x.status !== "running" && x;
        },
        180_000,
      );

      expect(done.status).toBe("finished");
      const nodes = await listNodes(t.db, e.id);
      for (const id of [a?.id, b?.id]) {
        const n = nodes.find((x) => x.id === id);
        expect(n?.status).toBe("succeeded");
        expect(n?.score).not.toBeNull();
        // exactly one job per node: nothing was dispatched twice
        expect(await t.db.job.count({ where: { nodeId: id } })).toBe(1);
      }
      expect(await t.db.job.count()).toBe(jobsAtKill);
      const events = await listEventsAfter(t.db, e.id, 0);
      expect(events.map((x) => x.seq)).toEqual(events.map((_, i) => i + 1));
      // each node reached succeeded exactly once
      const succeededEvents = events.filter((x) => x.type === "node.status" && x.payload.to === "succeeded");
      expect(new Set(succeededEvents.map((x) => x.nodeId)).size).toBe(succeededEvents.length);
    },
  );
});
