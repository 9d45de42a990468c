import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { createCaller } from "../api/root.ts";
import { createTestDb, type TestDb } from "../testing/test-db.ts";
import { FakeRunner } from "../testing/fake-runner.ts";
import { registerRunner } from "./runner-registry.ts";
import { Orchestrator } from "../orchestrator/orchestrator.ts";
import { anytimeCurve } from "../domain/leaderboard/leaderboard-entry.ts";
import { authedContext } from "../testing/test-auth.ts";

let t: TestDb;
let runner: FakeRunner;
let orchestrator: Orchestrator;
let api: ReturnType<typeof createCaller>;

beforeEach(async () => {
  t = await createTestDb();
  runner = new FakeRunner(4);
  registerRunner(runner);
  orchestrator = new Orchestrator(t.db, { tickMs: 60_000 });
  api = createCaller(await authedContext(t.db, "reviewer"));
});
afterEach(async () => {
  await orchestrator.stop();
  await t.cleanup();
});

async function runExploration(scores: number[]) {
  const { id } = await api.exploration.create({
    goal: "Classify reviews by sentiment, maximise accuracy.",
    taskId: "mini-sst2",
    seed: Math.floor(Math.random() * 1e6),
    budget: { rounds: 1, trainingRuns: 4, computeSeconds: 10_000, wallSeconds: 3600, tokens: 0 },
  });
  await orchestrator.settle(id);
  runner.succeed(runner.pending()[0]?.jobId ?? "", 0.3);
  await orchestrator.settle(id);
  let i = 0;
  while (runner.pending().length > 0) {
    for (const s of runner.pending()) runner.succeed(s.jobId, scores[i++ % scores.length] ?? 0.5);
    await orchestrator.settle(id);
  }
  return id;
}

async function rejection(p: Promise<unknown>): Promise<TRPCError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(TRPCError);
  return e as TRPCError;
}

describe("leaderboard", () => {
  it("ranks an exploration's best trained node by gain over its baseline, with cost", async () => {
    const id = await runExploration([0.6, 0.9, 0.7, 0.5]);
    const list = await api.leaderboard.list({});
    const entry = list.find((e) => e.explorationId === id);
    expect(entry).toBeDefined();
    expect(entry?.score).toBe(0.9);
    expect(entry?.baselineScore).toBe(0.3);
    expect(entry?.gain).toBeCloseTo(0.6);
    expect(entry?.computeSeconds).toBe(50);
    expect(entry?.title).toContain("SST-2");
    expect(entry?.provisional).toBe(false);
  });

  it("refuses a duplicate submission", async () => {
    const id = await runExploration([0.8]);
    expect((await rejection(api.leaderboard.submit({ explorationId: id }))).message).toMatch(
      /already on the leaderboard/,
    );
  });

  it("never shows an entry without its exploration", async () => {
    const id = await runExploration([0.8]);
    await t.db.exploration.delete({ where: { id } });
    expect((await api.leaderboard.list({})).some((e) => e.explorationId === id)).toBe(false);
  });

  it("lists a running exploration with a trained node as provisional, its test score sealed", async () => {
    const id = await runExploration([0.6, 0.9]);
    // as if it were still searching: no entry yet, status running
    await t.db.leaderboardEntry.deleteMany({ where: { explorationId: id } });
    await t.db.exploration.update({ where: { id }, data: { status: "running" } });
    const line = (await api.leaderboard.list({})).find((e) => e.explorationId === id);
    expect(line).toMatchObject({ provisional: true, status: "running", score: 0.9, testScore: null });
    const json = JSON.parse(await api.leaderboard.export({ format: "json" })) as { explorationId: string }[];
    expect(json.find((r) => r.explorationId === id)).toMatchObject({ provisional: true, testScore: null });
    expect((await api.leaderboard.curves({})).find((c) => c.explorationId === id)?.label).toMatch(/provisional/);
  });

  it("exports CSV and JSON, with formulas defused", async () => {
    const id = await runExploration([0.8]);
    await t.db.exploration.update({ where: { id }, data: { title: '=HYPERLINK("x"), "quoted"' } });
    const csv = await api.leaderboard.export({ format: "csv" });
    const [header, row] = csv.split("\n");
    expect(header).toMatch(/^taskId,explorationId,title,policy/);
    expect(row).toContain(`"'=HYPERLINK(""x""), ""quoted"""`);
    const json = JSON.parse(await api.leaderboard.export({ format: "json" })) as { gain: number }[];
    expect(json[0]?.gain).toBeCloseTo(0.5);
  });

  it("draws anytime curves: best so far against compute", () => {
    const at = (s: number) => new Date(1000 * s);
    const n = (id: string, score: number | null, status: string, s: number) => ({
      id,
      parentId: id === "r" ? null : "r",
      status,
      score,
      testScore: null,
      computeSeconds: 10,
      tokens: 0,
      reused: false,
      finishedAt: at(s),
      method: "full",
    });
    expect(
      anytimeCurve([
        n("r", 0.2, "succeeded", 1),
        n("b", 0.5, "succeeded", 3),
        n("a", null, "failed", 2),
        n("c", 0.4, "succeeded", 4),
      ]),
    ).toEqual([
      { computeSeconds: 10, best: 0.2 },
      { computeSeconds: 20, best: 0.2 },
      { computeSeconds: 30, best: 0.5 },
      { computeSeconds: 40, best: 0.5 },
    ]);
  });
});
