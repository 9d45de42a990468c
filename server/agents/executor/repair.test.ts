/** The Executor's repairs: failure classification, the offline rules per failure kind, and the model's repair with tools. */
import { describe, expect, it } from "vitest";
import { baseConfig, BASE_RECIPE, runtimeWith, scriptedModel, textReply, toolCallReply } from "../testing/fixtures.ts";
import { offlineRuntime } from "../providers/agent-runtime.ts";
import { classifyFailure } from "./failure-report.ts";
import { guessFieldMapping, repairByRules } from "./repair-rules.ts";
import { proposeRepair } from "./repair-agent.ts";

const node = (over: Partial<ReturnType<typeof baseConfig>> = {}) => ({
  recipe: BASE_RECIPE,
  config: baseConfig(over),
  ordinal: 4,
});

describe("failure classification", () => {
  it("takes the worker's kind, else reads a runner's ending off the error", () => {
    expect(classifyFailure({ error: "x", failureKind: "nan_loss" }).kind).toBe("nan_loss");
    expect(classifyFailure({ error: "the Slurm job hit its Slurm time limit (raise timeLimit…)" }).kind).toBe(
      "time_limit",
    );
    expect(classifyFailure({ error: "the Slurm job ran out of memory (raise memory…)" }).kind).toBe("out_of_memory");
    expect(classifyFailure({ error: "the worker exited without writing a result" }).kind).toBe("other");
    const emptied = classifyFailure({
      error: "the data recipe left no training rows (after filter)",
      recipeReport: [
        { op: "load", rowsIn: 0, rowsOut: 300 },
        { op: "dedup", rowsIn: 300, rowsOut: 280 },
        { op: "filter", rowsIn: 280, rowsOut: 0 },
        { op: "sample", rowsIn: 0, rowsOut: 0 },
      ],
    });
    expect(emptied).toMatchObject({ kind: "empty_recipe", emptiedAt: { index: 2, op: "filter" } });
  });
});

describe("offline repair rules", () => {
  const failure = (kind: Parameters<typeof classifyFailure>[0]["failureKind"], error = "") =>
    classifyFailure({ error, failureKind: kind });

  it("out of memory: a quarter of the micro-batch, then checkpointing, then shorter sequences", () => {
    const first = repairByRules(node({ batchSize: 256 }), failure("out_of_memory"));
    expect(first?.config).toMatchObject({ batchSize: 256, gradientAccumulation: 4 });
    expect(first?.changes[0]).toBe("gradient accumulation 1 → 4 (micro-batch 256 → 64 sequences, still 256 a step)");
    const atOne = repairByRules(node({ batchSize: 4, gradientAccumulation: 4 }), failure("out_of_memory"));
    expect(atOne?.config.gradientCheckpointing).toBe(true);
    const shorter = repairByRules(
      node({ batchSize: 4, gradientAccumulation: 4, gradientCheckpointing: true, maxSeqLength: 512 }),
      failure("out_of_memory"),
    );
    expect(shorter?.config.maxSeqLength).toBe(256);
  });

  it("a diverging loss: a tenth of the rate with a warm-up; a time limit: half the steps", () => {
    const r = repairByRules(node({ learningRate: 1, warmupRatio: 0 }), failure("nan_loss"));
    expect(r?.config).toMatchObject({ learningRate: 0.1, warmupRatio: 0.1 });
    expect(r?.changes).toEqual(["learning rate 1 → 0.1", "warm-up 0 → 0.1"]);
    expect(repairByRules(node({ steps: 400 }), failure("time_limit"))?.config.steps).toBe(200);
  });

  it("an emptied recipe loses the step that emptied it, never its load", () => {
    const recipe = {
      operators: [
        { op: "load" as const, source: "task:train" },
        { op: "filter" as const, rule: "regex" as const, field: "output" as const, pattern: "nothing" },
      ],
    };
    const report = classifyFailure({
      error: "the data recipe left no training rows (after filter)",
      failureKind: "empty_recipe",
      recipeReport: [
        { op: "load", rowsIn: 0, rowsOut: 10 },
        { op: "filter", rowsIn: 10, rowsOut: 0 },
      ],
    });
    const r = repairByRules({ recipe, config: baseConfig() }, report);
    expect(r?.recipe.operators).toEqual([{ op: "load", source: "task:train" }]);
    const emptyLoad = classifyFailure({
      error: "",
      failureKind: "empty_recipe",
      recipeReport: [{ op: "load", rowsIn: 0, rowsOut: 0 }],
    });
    expect(repairByRules({ recipe, config: baseConfig() }, emptyLoad)).toBeNull();
  });

  it("a file with other field names gets a field mapping", () => {
    expect(guessFieldMapping(["id", "sentence", "sentiment"])).toEqual({ input: "sentence", output: "sentiment" });
    expect(guessFieldMapping(["Review", "Stars"])).toEqual({ input: "Review", output: "Stars" });
    expect(guessFieldMapping(["only"])).toBeNull();
    const recipe = { operators: [{ op: "load" as const, source: "extra.jsonl" }] };
    const r = repairByRules(
      { recipe, config: baseConfig() },
      classifyFailure({
        error: "load extra.jsonl: no row has a usable input/output pair (fields seen: sentence, sentiment)",
        failureKind: "missing_field",
        fieldsSeen: ["sentence", "sentiment"],
      }),
    );
    expect(r?.recipe.operators[0]).toEqual({
      op: "load",
      source: "extra.jsonl",
      fields: { input: "sentence", output: "sentiment" },
    });
  });

  it("nothing to change: null", () => {
    expect(repairByRules(node(), failure("other"))).toBeNull();
    expect(repairByRules(node({ learningRate: 1e-7 }), failure("nan_loss"))).toBeNull();
  });
});

describe("the repair agent", () => {
  const nan = classifyFailure({ error: "loss diverged at step 5: 33.8", failureKind: "nan_loss" });

  it("offline: the rules, said in the trace", async () => {
    const out = await proposeRepair({
      node: node({ learningRate: 1 }),
      failure: nan,
      attempt: 1,
      history: [],
      runtime: offlineRuntime(),
    });
    expect(out.by).toBe("rules");
    expect(out.proposal?.config.learningRate).toBe(0.1);
    expect(out.traces.map((t) => t.kind)).toEqual(["note"]);
    expect(out.traces[0]?.content).toContain("offline repair rules");
  });

  it("with a model: it reads the failure report, estimates the run, and its repair is applied", async () => {
    const model = scriptedModel([
      toolCallReply([
        { name: "read_failure_report", input: {} },
        { name: "estimate_run", input: { config: { learningRate: 0.003 } } },
      ]),
      textReply(
        JSON.stringify({ why: "the rate was far too high for full fine-tuning", config: { learningRate: 0.003 } }),
      ),
    ]);
    const out = await proposeRepair({
      node: node({ learningRate: 1 }),
      failure: nan,
      attempt: 1,
      history: [],
      runtime: runtimeWith(model),
    });
    expect(out.by).toBe("mock:mock-model");
    expect(out.proposal?.config.learningRate).toBe(0.003);
    expect(out.proposal?.changes).toEqual(["learningRate 1 → 0.003"]);
    expect(out.tokens).toBeGreaterThan(0);
    const kinds = out.traces.map((t) => t.kind);
    expect(kinds).toContain("tool_call");
    expect(kinds).toContain("tool_result");
    expect(out.traces.find((t) => t.kind === "tool_result")?.content).toContain("nan_loss");
  });

  it("a model whose reply changes nothing falls back to the rules", async () => {
    const model = scriptedModel([textReply(JSON.stringify({ why: "looks fine to me", config: {} }))]);
    const out = await proposeRepair({
      node: node({ learningRate: 1 }),
      failure: nan,
      attempt: 1,
      history: [],
      runtime: runtimeWith(model),
    });
    expect(out.by).toBe("rules");
    expect(out.proposal?.config.learningRate).toBe(0.1);
  });
});
