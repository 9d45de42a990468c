/** The Executor's plan review by a model (AI SDK mock model): its tools are called and traced, verdicts adjust or refuse, bad replies fall back. */
import { describe, expect, it } from "vitest";
import type { DryRunReport } from "../../contract/dry-run.ts";
import type { DataRecipe } from "../../contract/job-protocol.ts";
import { offlineRuntime } from "../providers/agent-runtime.ts";
import type { ExpansionPlan } from "../researcher-agent.ts";
import {
  baseConfig,
  BASE_RECIPE,
  makeNode,
  promptText,
  runtimeWith,
  scriptedModel,
  textReply,
  toolCallReply,
} from "../testing/fixtures.ts";
import { reviewPlansWithModel, type PlanReviewRequest } from "./plan-review-agent.ts";

const EMPTYING: DataRecipe = {
  operators: [...BASE_RECIPE.operators, { op: "filter", rule: "regex", field: "output", pattern: "no such label" }],
};

const plan = (title: string, over: Partial<ExpansionPlan> = {}): ExpansionPlan => ({
  direction: "tune_hyperparameters",
  title,
  rationale: "Try it.",
  hypotheses: [],
  recipe: BASE_RECIPE,
  config: baseConfig({ baseModel: "tiny-small", batchSize: 256, memoryCapMiB: 200 }),
  warmStart: false,
  tokens: 10,
  failure: null,
  ...over,
});

function request(over: Partial<PlanReviewRequest> = {}) {
  const dryRuns: DataRecipe[] = [];
  const dryRun = async (recipe: DataRecipe): Promise<DryRunReport> => {
    dryRuns.push(recipe);
    const empties = recipe.operators.some((o) => o.op === "filter");
    return {
      key: "k",
      rows: empties ? 0 : 300,
      testOverlap: 0,
      testRows: 100,
      seconds: 1,
      steps: [
        { op: "load", rowsIn: 0, rowsOut: 300, samples: [{ input: "a", output: "b" }] },
        ...(empties ? [{ op: "filter", rowsIn: 300, rowsOut: 0 }] : []),
      ],
    };
  };
  const parent = makeNode({ ordinal: 1 });
  const failed = makeNode({
    ordinal: 2,
    parentId: parent.id,
    status: "failed",
    error: "out of memory: the step needed more than memoryCapMiB 200",
    report: { failure: { kind: "out_of_memory" } },
    config: baseConfig({ baseModel: "tiny-small", batchSize: 256, memoryCapMiB: 200 }),
  });
  const req: PlanReviewRequest = {
    plans: [plan("big batch"), plan("filtered", { recipe: EMPTYING }), plan("planning failed", { failure: "x" })],
    parent,
    history: [parent, failed],
    round: 2,
    gpuMemoryGiB: null,
    dryRun,
    ...over,
  };
  return { req, dryRuns };
}

describe("the Executor's plan review with a model", () => {
  it("calls its tools, every call traced, and its verdicts adjust one plan and refuse another", async () => {
    const model = scriptedModel([
      toolCallReply([
        { name: "validate_plan", input: { plan: 0 } },
        { name: "estimate_run", input: { plan: 0, config: { gradientAccumulation: 8 } } },
        { name: "dry_run_recipe", input: { plan: 1 } },
        { name: "read_failure_report", input: {} },
      ]),
      textReply(
        JSON.stringify({
          verdicts: [
            {
              plan: 0,
              verdict: "adjust",
              why: "#2 ran out of memory at micro-batch 256 under the same cap",
              config: { gradientAccumulation: 8 },
            },
            { plan: 1, verdict: "refuse", why: "the dry-run left no training rows after filter" },
            { plan: 7, verdict: "accept", why: "no such plan" },
          ],
        }),
      ),
    ]);
    const { req, dryRuns } = request({ runtime: runtimeWith(model) });
    const out = await reviewPlansWithModel(req);

    expect(out.by).toBe("mock:mock-model");
    const [big, filtered, failedPlan] = out.plans;
    expect(big?.config).toMatchObject({ batchSize: 256, gradientAccumulation: 8, memoryCapMiB: 200 });
    expect(big?.rationale).toMatch(/Executor: gradientAccumulation 1 → 8 \(#2 ran out of memory/);
    expect(big?.failure).toBeNull();
    expect(filtered?.failure).toBe("refused by the Executor: the dry-run left no training rows after filter");
    expect(filtered?.config.steps).toBe(0);
    // a plan whose planning failed is not sent to the model and comes back as it was
    expect(failedPlan).toEqual(req.plans[2]);
    expect(dryRuns).toEqual([EMPTYING]);
    // the review's tokens are charged to the plans, on top of the Researcher's
    expect(out.tokens).toBe(80 + 20 + 100 + 50);
    expect(out.plans.reduce((s, p) => s + p.tokens, 0)).toBe(30 + out.tokens);

    // the model saw the plans numbered, and the tools' results are what the tree holds
    expect(promptText(model.doGenerateCalls[0])).toMatch(/"plan": 1,\s*"title": "filtered"/);
    const calls = out.traces.filter((t) => t.kind === "tool_call").map((t) => JSON.parse(t.content).tool);
    expect(calls).toEqual(["validate_plan", "estimate_run", "dry_run_recipe", "read_failure_report"]);
    const results = out.traces.filter((t) => t.kind === "tool_result").map((t) => JSON.parse(t.content));
    expect(results[0].output).toEqual({ ok: true, problems: [] });
    expect(results[1].output).toMatchObject({ microBatch: 32, memoryCapMiB: 200, fitsMemoryCap: expect.any(Boolean) });
    expect(results[2].output).toMatchObject({ rows: 0, steps: [{ op: "load" }, { op: "filter", rowsOut: 0 }] });
    expect(results[3].output.failures).toMatchObject([{ ordinal: 2, kind: "out_of_memory" }]);
    expect(out.traces.every((t) => t.agent === "executor" && t.step === "expansion r2")).toBe(true);
    const notes = out.traces.filter((t) => t.kind === "note").map((t) => t.content);
    expect(notes).toContain("a verdict for plan 7, which does not exist: ignored");
    expect(notes.some((n) => n.startsWith('adjusted "big batch": gradientAccumulation 1 → 8'))).toBe(true);
    expect(notes).toContain('refused "filtered": the dry-run left no training rows after filter');
  });

  it("a reply that never matches the schema leaves the plans to the rules, with the reason traced", async () => {
    const model = scriptedModel([
      textReply("Looks fine to me!"),
      textReply('{"verdicts": "all good"}'),
      textReply("```json\n{ nope }\n```"),
    ]);
    const { req } = request({ runtime: runtimeWith(model, { maxRetries: 2 }) });
    const out = await reviewPlansWithModel(req);
    expect(out.by).toBe("rules");
    expect(out.plans.map((p) => ({ ...p, tokens: 0 }))).toEqual(req.plans.map((p) => ({ ...p, tokens: 0 })));
    expect(model.doGenerateCalls).toHaveLength(3);
    const errors = out.traces.filter((t) => t.kind === "error").map((t) => t.content);
    expect(errors.filter((e) => e.startsWith("off-schema reply"))).toHaveLength(3);
    expect(errors.at(-1)).toMatch(/^the model could not review the plans: the model's reply did not match/);
    expect(out.traces.at(-1)?.content).toBe("the plans go to the rules review unchanged");
    // the failed calls' tokens still count
    expect(out.tokens).toBe(3 * 150);
  });

  it("an adjusted recipe replaces the plan's; a plan without a verdict goes to the rules as planned", async () => {
    const model = scriptedModel([
      textReply(
        JSON.stringify({
          verdicts: [{ plan: 1, verdict: "adjust", why: "the filter matches no label", recipe: BASE_RECIPE }],
        }),
      ),
    ]);
    const { req } = request({ runtime: runtimeWith(model) });
    const out = await reviewPlansWithModel(req);
    expect(out.plans[0]?.config).toEqual(req.plans[0]?.config);
    expect(out.plans[1]).toMatchObject({ recipe: BASE_RECIPE, failure: null });
    const notes = out.traces.filter((t) => t.kind === "note").map((t) => t.content);
    expect(notes).toEqual([
      '"big batch": no verdict; the rules review it as planned',
      'adjusted "filtered": recipe load→filter → load (the filter matches no label)',
    ]);
  });

  it("offline it does nothing: no call, no dry-run, no trace; the rules review alone", async () => {
    const { req, dryRuns } = request({ runtime: offlineRuntime() });
    const out = await reviewPlansWithModel(req);
    expect(out).toEqual({ plans: req.plans, traces: [], tokens: 0, by: "rules" });
    expect(dryRuns).toHaveLength(0);
  });
});
