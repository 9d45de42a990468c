/**
 * Code steps end to end below the UI: real SQLite, the real local runner and the real worker; only the language model
 * is the AI SDK's mock. In the "auto" approval mode the Researcher asks for two transformations the operators lack,
 * the Executor writes both as code steps, and both nodes wait for a reviewer (with the dry-run's samples) instead of
 * running. Approved, the good one trains on the transformed rows and scores; the one whose code calls the network is
 * stopped by the sandbox in the dry-run and fails with the reason before any job.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { MockLanguageModelV3 } from "ai/test";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { planReviewPassReply, promptText, runtimeWith, textReply } from "../agents/testing/fixtures.ts";
import { setAgentRuntime } from "../agents/providers/agent-runtime.ts";
import { Orchestrator } from "../orchestrator/orchestrator.ts";
import { findExploration } from "../repositories/exploration-repository.ts";
import { listNodes, type NodeRecord } from "../repositories/node-repository.ts";
import { listTracesOfNode } from "../repositories/trace-repository.ts";
import { LocalRunner } from "../runners/local/local-runner.ts";
import { createTestDb, type TestDb } from "../testing/test-db.ts";
import { PYTHON, WORKER_DIR } from "../testing/tiny-job.ts";
import { createExploration } from "./exploration-service.ts";
import { registerRunner, unregisterRunner } from "./runner-registry.ts";
import { approveNode } from "./review-service.ts";

const jobsDir = fs.mkdtempSync(path.join(os.tmpdir(), "trex-code-step-"));
const runner = new LocalRunner({ jobsDir, python: PYTHON, workerDir: WORKER_DIR, concurrency: 2, threads: 1 });
let t: TestDb;

beforeAll(async () => {
  registerRunner(runner);
  t = await createTestDb();
});
afterAll(async () => {
  setAgentRuntime(null);
  unregisterRunner("local");
  await t?.cleanup();
  fs.rmSync(jobsDir, { recursive: true, force: true });
});

const PROMPT_CODE = [
  "def transform(row):",
  "    text = ' '.join(row['input'].split())",
  "    return {**row, 'input': f'Review: {text}\\nSentiment:'}",
  "",
].join("\n");
const NETWORK_CODE = [
  "import urllib.request",
  "",
  "def transform(row):",
  "    urllib.request.urlopen('http://127.0.0.1:9/labels?q=' + row['output'])",
  "    return row",
  "",
].join("\n");

const plan = (title: string, codeRequest: string) => ({
  direction: "clean_data",
  title,
  rationale: "The inputs reach the model without a cue of what to predict.",
  hypotheses: ["a prompt with a cue trains faster"],
  recipe: { operators: [{ op: "load", source: "task:train", limit: 120 }] },
  config: { steps: 4, batchSize: 4 },
  warmStart: false,
  codeRequest,
});

const analysis = JSON.stringify({
  summary: "Sentiment.",
  language: "en",
  taskType: "classification",
  domain: null,
  metric: { name: "accuracy", direction: "higher" },
  requestedBaseModel: null,
  constraints: { gpuHours: null, wallHours: null, maxTrainingSamples: null, gpuMemoryGb: null, notes: [] },
  successCriterion: { kind: "beat_baseline", threshold: null, text: "beat it" },
  suspicious: [],
});

/** Answers each agent by what it is asked: the analyst, the Researcher's plans, the Executor's two code steps. */
const model = new MockLanguageModelV3({
  doGenerate: async (options) => {
    const text = promptText(options);
    if (text.includes("requirement analyst")) return textReply(analysis);
    // the Executor's plan review passes the plans on to the rules (plan-review-agent.test.ts covers its verdicts)
    const review = planReviewPassReply(options);
    if (review) return review;
    if (text.includes("Write the code step this plan asks for")) {
      return text.includes("look the label up")
        ? textReply(JSON.stringify({ code: NETWORK_CODE, description: "Looks each label up in a label service." }))
        : textReply(JSON.stringify({ code: PROMPT_CODE, description: "Builds a prompt with a sentiment cue." }));
    }
    if (text.includes("Researcher of TREX"))
      return textReply(
        JSON.stringify({
          diagnosis: "The baseline is untrained.",
          plans: [
            plan("prompt with a cue", "build a prompt 'Review: <input>\\nSentiment:' with the whitespace collapsed"),
            plan("labels from a service", "look the label up in the label service for each row"),
          ],
        }),
      );
    throw new Error(`not scripted: ${text.slice(0, 120)}`);
  },
});

async function settleUntil(orchestrator: Orchestrator, explorationId: string, done: (n: NodeRecord[]) => boolean) {
  for (let i = 0; i < 400; i++) {
    await orchestrator.settle(explorationId);
    const nodes = await listNodes(t.db, explorationId);
    if (done(nodes)) return nodes;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error("the exploration did not get there");
}

describe("code steps the Executor writes (mock model, real worker)", () => {
  it("wait for a reviewer even in auto mode, run after approval, and are stopped when they touch the network", async () => {
    setAgentRuntime(runtimeWith(model));
    const e = await createExploration(t.db, {
      goal: "Classify short reviews as positive or negative.",
      taskId: "mini-sst2",
      baseModel: "tiny-small",
      approvalMode: "auto",
      budget: { rounds: 1, trainingRuns: 4, computeSeconds: 100_000, wallSeconds: 3600, tokens: 0 },
    });
    const orchestrator = new Orchestrator(t.db, { tickMs: 60_000 });
    const coded = (n: NodeRecord) => n.recipe.operators.some((o) => o.op === "python");
    // both plans wait for review, and the dry-run has run their code in the sandbox for the reviewer
    let nodes = await settleUntil(
      orchestrator,
      e.id,
      (ns) => ns.filter((n) => coded(n) && n.status === "awaiting_review" && n.report?.dryRun).length === 2,
    );
    const good = nodes.find((n) => n.plan.title === "prompt with a cue") as NodeRecord;
    const bad = nodes.find((n) => n.plan.title === "labels from a service") as NodeRecord;
    expect(good.recipe.operators.map((o) => o.op)).toEqual(["load", "python"]);
    expect(good.recipe.operators[1]).toMatchObject({ code: PROMPT_CODE });
    expect(good.plan.rationale).toMatch(/Code step by the Executor: Builds a prompt/);
    const dryGood = good.report?.dryRun;
    expect(dryGood?.error).toBeUndefined();
    expect(dryGood?.steps[1]?.samples?.[0]?.input).toMatch(/^Review: .*\nSentiment:$/s);
    expect(bad.report?.dryRun?.failureKind).toBe("code_refused");
    expect(bad.report?.dryRun?.error).toMatch(/network access refused/);
    expect(await t.db.job.count({ where: { nodeId: { in: [good.id, bad.id] } } })).toBe(0); // nothing ran unapproved
    const [root] = nodes;
    const traces = await listTracesOfNode(t.db, { nodeId: root?.id ?? "", parent: null }, { limit: 100 });
    expect(traces.items.some((tr) => tr.agent === "executor" && tr.content.includes("Write the code step"))).toBe(true);

    await approveNode(t.db, good.id);
    await approveNode(t.db, bad.id);
    nodes = await settleUntil(orchestrator, e.id, (ns) =>
      ns.every((n) => ["succeeded", "failed", "pruned"].includes(n.status)),
    );
    const refused = nodes.find((n) => n.id === bad.id);
    expect(refused?.status).toBe("failed");
    expect(refused?.error).toMatch(
      /^refused by the Executor: the dry-run stopped its code step: network access refused/,
    );
    expect(refused?.report?.failure?.kind).toBe("code_refused");
    expect(await t.db.job.count({ where: { nodeId: bad.id } })).toBe(0);
    const ran = nodes.find((n) => n.id === good.id);
    expect(ran?.status).toBe("succeeded");
    expect(ran?.score).not.toBeNull();
    const step = ran?.report?.recipeReport?.[1];
    expect(step).toMatchObject({ op: "python", rowsIn: 120, rowsOut: 120 });
    expect(step?.samples?.every((s) => s.input.startsWith("Review: "))).toBe(true);
    expect((await findExploration(t.db, e.id))?.status).toBe("finished");
  }, 600_000);
});
