/**
 * The table of goals (goal-cases.ts) through both ways a user reads an analysis: `trex analyse --json` and the
 * new-exploration form's preview procedure (agent.previewAnalysis), on real SQLite. Both must give the expected
 * structured requirement, and the same one.
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCallerFactory, type Context } from "../../api/trpc.ts";
import { agentRouter } from "../../api/routers/agent-router.ts";
import { analyseCommand } from "../../cli/analyse-command.ts";
import { authedContext } from "../../testing/test-auth.ts";
import { createTestDb, type TestDb } from "../../testing/test-db.ts";
import { offlineRuntime, setAgentRuntime } from "../providers/agent-runtime.ts";
import type { RequirementSpec } from "../../domain/requirements/requirement-spec.ts";
import { GOAL_CASES } from "./goal-cases.ts";
import { mismatches } from "./goal-cases-check.ts";

const run = promisify(execFile);
let t: TestDb;
let ctx: Context;
let calls = 0;

beforeAll(async () => {
  t = await createTestDb();
  setAgentRuntime(offlineRuntime());
});
afterAll(async () => {
  setAgentRuntime(null);
  await t.cleanup();
});

/** the form's preview, as a reviewer (a fresh one every 15 calls: the preview is rate-limited per user) */
async function preview(goal: string, taskId?: string): Promise<RequirementSpec> {
  if (calls++ % 15 === 0) ctx = await authedContext(t.db, "reviewer");
  const r = await createCallerFactory(agentRouter)(ctx).previewAnalysis({ goal, ...(taskId ? { taskId } : {}) });
  return r.spec;
}

async function cli(goal: string, taskId?: string): Promise<{ code: number; spec: RequirementSpec }> {
  const lines: string[] = [];
  const code = await analyseCommand(t.db, ["--goal", goal, ...(taskId ? ["--task", taskId] : []), "--json"], (l) =>
    lines.push(l),
  );
  return { code, spec: JSON.parse(lines.join("\n")) as RequirementSpec };
}

describe("goals as people write them", () => {
  it("holds at least 40 goals of every kind", () => {
    expect(GOAL_CASES.length).toBeGreaterThanOrEqual(40);
    expect(GOAL_CASES.filter((c) => /[\u4e00-\u9fff]/.test(c.goal)).length).toBeGreaterThanOrEqual(5);
    expect(GOAL_CASES.filter((c) => (c.expect.problems ?? []).length > 0).length).toBeGreaterThanOrEqual(10);
  });

  it.each(GOAL_CASES.map((c) => [c.who, c] as const))(
    "%s: trex analyse and the form's preview give the expected requirement",
    async (_who, c) => {
      const fromForm = await preview(c.goal, c.task);
      const fromCli = await cli(c.goal, c.task);
      expect(mismatches(fromForm, c)).toEqual([]);
      expect(fromCli.spec).toEqual(fromForm);
      // `trex analyse` exits 3 when the requirement needs confirming
      expect(fromCli.code).toBe(fromForm.problems.length > 0 ? 3 : 0);
    },
  );
});

describe("trex analyse as a command", () => {
  it("runs from the terminal and prints the JSON the form previews", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "trex-analyse-"));
    try {
      const goal = "帮我微调一个金融问答模型，根据营收表格计算季度增长百分比，只用LoRA，8个GPU小时。";
      const { stdout } = await run(
        process.execPath,
        ["--import", "tsx", "server/cli/trex-cli.ts", "analyse", "--goal", goal, "--json"],
        { env: { ...process.env, TREX_DATA_DIR: dataDir, DATABASE_URL: `file:${dataDir}/trex.db` }, timeout: 120_000 },
      );
      const spec = JSON.parse(stdout) as RequirementSpec;
      expect(spec).toMatchObject({
        taskId: "mini-fin",
        language: "zh",
        constraints: { method: "lora" },
        budgets: [{ field: "computeSeconds", value: 28_800 }],
        problems: [],
      });
      expect(spec).toEqual(await preview(goal));
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 150_000);
});

describe("trex analyse as text", () => {
  it("prints the requirement with units converted and what needs confirming", async () => {
    const lines: string[] = [];
    const code = await analyseCommand(
      t.db,
      ["--goal", "HoC, LoRA only, 8 GPU-hours, under 1B parameters, at most 20 rounds", "--task", "mini-sst2"],
      (l) => lines.push(l),
    );
    const text = lines.join("\n");
    expect(code).toBe(3);
    expect(text).toMatch(/method\s+LoRA only/);
    expect(text).toMatch(/size cap\s+1B parameters/);
    expect(text).toMatch(/28,800 compute-seconds \(8 h\)\s+← "8 GPU-hours"/);
    expect(text).toMatch(/20 rounds\s+← "20 rounds"/);
    expect(text).toMatch(/needs your confirmation[\s\S]*names HoC \(mini-hoc\), but the picked task is mini-sst2/);
  });

  it("says what is wrong with its arguments in a sentence", async () => {
    const lines: string[] = [];
    expect(await analyseCommand(t.db, [], (l) => lines.push(l))).toBe(2);
    expect(lines.join(" ")).toMatch(/--goal: describe what the model should learn/);
    expect(await analyseCommand(t.db, ["--goal", "Classify reviews", "--task", "nope"], (l) => lines.push(l))).toBe(2);
    expect(lines.join(" ")).toMatch(/--task: unknown task "nope"/);
  });
});
