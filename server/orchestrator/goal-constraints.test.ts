/**
 * The goal configures the exploration: on real SQLite with the fake runner, a "LoRA only" goal never
 * dispatches a full fine-tune (offline planner, and a model planner whose full fine-tune is refused on the
 * node), a budget in GPU-hours stops the exploration, and a goal that compares methods plans both branches.
 */
import { MockLanguageModelV3 } from "ai/test";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { offlineRuntime, setAgentRuntime } from "../agents/providers/agent-runtime.ts";
import { planReviewPassReply, promptText, runtimeWith, textReply } from "../agents/testing/fixtures.ts";
import { findExploration } from "../repositories/exploration-repository.ts";
import { listNodes } from "../repositories/node-repository.ts";
import { registerRunner, unregisterRunner } from "../services/runner-registry.ts";
import { insertRunnerConfig } from "../repositories/runner-config-repository.ts";
import { parseRunnerConfig } from "../runners/runner-config.ts";
import { encodeRunnerConfig } from "../runners/stored-runner-config.ts";
import type { JobSpec } from "../contract/job-protocol.ts";
import { createExploration } from "../services/exploration-service.ts";
import { FakeRunner } from "../testing/fake-runner.ts";
import { createTestDb, type TestDb } from "../testing/test-db.ts";
import { Orchestrator } from "./orchestrator.ts";

let t: TestDb;
let runner: FakeRunner;
let orchestrator: Orchestrator;
const dispatched: JobSpec[] = [];

beforeEach(async () => {
  t = await createTestDb();
  runner = new FakeRunner(4);
  registerRunner(runner);
  orchestrator = new Orchestrator(t.db, { tickMs: 60_000 });
  dispatched.length = 0;
  setAgentRuntime(offlineRuntime());
});
afterEach(async () => {
  setAgentRuntime(null);
  await orchestrator.stop();
  await t.cleanup();
});

/** Runs every pending job to success, each reporting `gpuSeconds`, until the exploration stops (or the guard). */
async function runToEnd(id: string, gpuSeconds: number): Promise<void> {
  await orchestrator.settle(id);
  let score = 0.5;
  for (let guard = 0; guard < 40 && runner.pending().length > 0; guard++) {
    for (const spec of runner.pending()) {
      dispatched.push(spec);
      const trained = spec.training.steps > 0;
      runner.succeed(spec.jobId, (score += 0.01), {
        cost: {
          cpuSeconds: trained ? 0 : 5,
          gpuSeconds: trained ? gpuSeconds : 0,
          wallSeconds: trained ? gpuSeconds : 5,
        },
      });
    }
    await orchestrator.settle(id);
  }
}

describe("the goal's constraints in the orchestrator loop", () => {
  it("a LoRA-only goal never dispatches a full fine-tune, and its GPU-hour budget stops the exploration", async () => {
    const e = await createExploration(t.db, {
      goal: "Classify short reviews as positive or negative with LoRA only. Budget: 1 GPU-hour.",
      taskId: "mini-sst2",
    });
    expect(e.spec).toMatchObject({
      constraints: { method: "lora" },
      budgets: [{ field: "computeSeconds", value: 3600, written: "1 GPU-hour" }],
    });
    expect(e.budget.computeSeconds).toBe(3600);

    await runToEnd(e.id, 700);
    const trained = dispatched.filter((s) => s.training.steps > 0);
    expect(trained.length).toBeGreaterThanOrEqual(3);
    expect(trained.every((s) => s.training.method === "lora" || s.training.method === "qlora")).toBe(true);

    const done = await findExploration(t.db, e.id);
    expect(done?.status).toBe("finished");
    expect(done?.stopReason).toMatch(/compute budget spent/);
    const nodes = await listNodes(t.db, e.id);
    expect(nodes.filter((n) => n.config.steps > 0).every((n) => n.config.method !== "full")).toBe(true);
    // the budget is a guard, not a suggestion: at most one expansion's share past it
    expect(nodes.reduce((s, n) => s + n.computeSeconds, 0)).toBeLessThanOrEqual(3600 + 4 * 700);
  });

  it("a model planner's full fine-tune under LoRA only is refused, with the constraint on the node", async () => {
    const plan = (method: string, title: string) => ({
      direction: "change_method",
      title,
      rationale: "Compare methods on this task.",
      hypotheses: ["the method matters"],
      recipe: { operators: [{ op: "load", source: "task:train", limit: 4000 }] },
      config: { steps: 300, method },
      warmStart: false,
    });
    const model = new MockLanguageModelV3({
      doGenerate: async (options) => {
        const review = planReviewPassReply(options);
        if (review) return review;
        if (promptText(options).includes("requirement analyst")) {
          return textReply(
            JSON.stringify({
              summary: "Sentiment with LoRA.",
              language: "en",
              taskType: "classification",
              domain: null,
              metric: { name: "accuracy", direction: "higher" },
              requestedBaseModel: null,
              taskId: "mini-sst2",
              method: "lora",
              successCriterion: { kind: "beat_baseline", threshold: null, text: "beat it" },
              suspicious: [],
            }),
          );
        }
        return textReply(
          JSON.stringify({
            diagnosis: "Untrained.",
            plans: [plan("full", "Full fine-tune"), plan("lora", "LoRA run")],
          }),
        );
      },
    });
    setAgentRuntime(runtimeWith(model));
    const e = await createExploration(t.db, {
      goal: "Classify short reviews by sentiment. LoRA only, please.",
      taskId: "mini-sst2",
      approvalMode: "review-each-expansion",
    });
    await orchestrator.settle(e.id);
    runner.succeed(runner.pending()[0]?.jobId ?? "", 0.5);
    await orchestrator.settle(e.id);
    const round1 = (await listNodes(t.db, e.id)).filter((n) => n.round === 1);
    const refused = round1.find((n) => n.plan.title === "Full fine-tune");
    expect(refused?.status).toBe("failed");
    expect(refused?.error).toMatch(
      /refused by the Executor: it breaks a hard constraint: the goal allows LoRA only .* full fine-tuning/,
    );
    expect(refused?.config.steps).toBe(0);
    expect(round1.find((n) => n.plan.title === "LoRA run")?.status).toBe("awaiting_review");
  });

  it("a goal that compares full fine-tuning and LoRA plans both branches", async () => {
    const e = await createExploration(t.db, {
      goal: "On SST-2, try both full fine-tuning and LoRA and tell me which is better per GPU-hour.",
      taskId: "mini-sst2",
      approvalMode: "review-each-expansion",
    });
    expect(e.spec).toMatchObject({
      constraints: { method: "compare" },
      compare: { kind: "method", arms: ["full", "lora"], per: "gpu-hour" },
    });
    await orchestrator.settle(e.id);
    runner.succeed(runner.pending()[0]?.jobId ?? "", 0.5);
    await orchestrator.settle(e.id);
    const methods = (await listNodes(t.db, e.id)).filter((n) => n.round === 1).map((n) => n.config.method);
    expect(methods).toContain("full");
    expect(methods).toContain("lora");
  });

  it("a goal that compares two base models plans a branch on each", async () => {
    const e = await createExploration(t.db, {
      goal: "Compare tiny-small and tiny-large on SST-2 sentiment: which is better?",
      taskId: "mini-sst2",
      approvalMode: "review-each-expansion",
    });
    expect(e.spec).toMatchObject({ compare: { kind: "model", arms: ["tiny-small", "tiny-large"] } });
    await orchestrator.settle(e.id);
    runner.succeed(runner.pending()[0]?.jobId ?? "", 0.5);
    await orchestrator.settle(e.id);
    const models = (await listNodes(t.db, e.id)).filter((n) => n.round === 1).map((n) => n.config.baseModel);
    expect(models).toContain("tiny-small");
    expect(models).toContain("tiny-large");
  });

  it("nothing starts on a contradictory goal until the user confirms it", async () => {
    const goal = "Classify reviews by sentiment with LoRA only and full fine-tuning only.";
    await expect(createExploration(t.db, { goal, taskId: "mini-sst2" })).rejects.toThrow(
      /confirm the analysed requirement.*LoRA only and for full fine-tuning only/,
    );
    expect(await t.db.exploration.count()).toBe(0);
    const e = await createExploration(t.db, {
      goal,
      taskId: "mini-sst2",
      confirmed: true,
      constraints: { method: "lora" },
    });
    expect(e.spec).toMatchObject({ constraints: { method: "lora" } });
  });

  it("plans are fitted to the runner's GPU: full fine-tuning of an 8B model on a 24 GiB L4 runner trains with LoRA", async () => {
    const stored = encodeRunnerConfig(parseRunnerConfig({ kind: "cloud", accelerators: "L4:1" }));
    await insertRunnerConfig(t.db, { name: "l4-box", ...stored });
    registerRunner(runner, "l4-box");
    try {
      const e = await createExploration(t.db, {
        goal: "Fine-tune Qwen3-8B to classify short reviews as positive or negative, accuracy.",
        taskId: "mini-sst2",
        baseModel: "qwen3-8b",
        runner: "l4-box",
        budget: { rounds: 1, trainingRuns: 4, computeSeconds: 100_000, wallSeconds: 100_000, tokens: 0 },
      });
      await runToEnd(e.id, 100);
      const trained = dispatched.filter((s) => s.training.steps > 0);
      expect(trained.length).toBeGreaterThan(0);
      expect(trained.every((s) => s.training.baseModel === "qwen3-8b" && s.training.method !== "full")).toBe(true);
      const nodes = await listNodes(t.db, e.id);
      const notes = nodes.map((n) => n.plan.rationale).join(" ");
      expect(notes).toMatch(
        /fine-tuning of qwen3-8b needs about \d+ GiB .* more than the GPU's 24 GiB: trained with q?lora/,
      );
    } finally {
      unregisterRunner("l4-box");
    }
  });
});
