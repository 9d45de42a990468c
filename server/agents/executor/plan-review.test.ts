import { describe, expect, it } from "vitest";
import type { ProposedPlan } from "../planner/offline-planner.ts";
import { BASE_RECIPE, baseConfig } from "../testing/fixtures.ts";
import { learnCostModel } from "./compute-estimate.ts";
import { reviewPlans, unsafeSource, type PlanReviewContext } from "./plan-review.ts";
import { hardConstraintsSchema, type HardConstraints } from "../../domain/requirements/requirement-spec.ts";

const hard = (over: Partial<HardConstraints>): HardConstraints => ({ ...hardConstraintsSchema.parse({}), ...over });

const plan = (over: Partial<ProposedPlan> = {}): ProposedPlan => ({
  direction: "tune_hyperparameters",
  title: "t",
  rationale: "r.",
  hypotheses: [],
  recipe: BASE_RECIPE,
  config: baseConfig({ steps: 400 }),
  warmStart: true,
  ...over,
});
const history = [
  { config: baseConfig({ steps: 0 }), computeSeconds: 10, reused: false, status: "succeeded" },
  { config: baseConfig({ steps: 400 }), computeSeconds: 50, reused: false, status: "succeeded" }, // 0.1 s per step
];
const ctx = (computeLeft: number, over: Partial<PlanReviewContext> = {}): PlanReviewContext => ({
  budget: { rounds: 5, trainingRuns: 20, computeSeconds: 1_000, wallSeconds: 3600, tokens: 0 },
  spent: { rounds: 1, trainingRuns: 1, computeSeconds: 1_000 - computeLeft, wallSeconds: 0, tokens: 0 },
  parent: { config: baseConfig({ steps: 400 }), checkpoint: "job1/checkpoint" },
  history,
  ...over,
});

describe("cost model", () => {
  it("learns seconds per step and the evaluation overhead from finished runs", () => {
    const m = learnCostModel(history);
    expect(m.overheadSeconds).toBe(10);
    expect(m.secondsPerUnitStep).toBeCloseTo(0.1);
    expect(learnCostModel([]).samples).toBe(0);
  });
});

describe("Executor plan review", () => {
  it("passes a plan that fits, unchanged", () => {
    const [r] = reviewPlans([plan()], ctx(900));
    expect(r?.refused).toBeNull();
    expect(r?.notes).toEqual([]);
    expect(r?.config.steps).toBe(400);
  });

  it("spends at most half of what is left per expansion, in rank order, so that later rounds can refine", () => {
    // each plan: 10 s overhead + 400 steps × 0.1 s = 50 s; 220 s left → this expansion may spend 110 s
    const reviewed = reviewPlans(
      [plan({ title: "a" }), plan({ title: "b" }), plan({ title: "c" }), plan({ title: "d" })],
      ctx(220),
    );
    expect(reviewed.map((r) => r.deferred === null)).toEqual([true, true, false, false]);
    expect(reviewed.map((r) => r.config.steps)).toEqual([400, 400, 400, 400]);
    expect(reviewed[2]?.deferred).toMatch(
      /needs about 50 compute-seconds; this expansion may spend 110 of the 220 s left and 100 are planned/,
    );
    expect(reviewed.every((r) => r.refused === null)).toBe(true);
  });

  it("runs the best plan whole when it fits what is left, even beyond the expansion's share", () => {
    const [a, b] = reviewPlans([plan(), plan({ title: "u" })], ctx(80));
    expect(a?.config.steps).toBe(400);
    expect(a?.deferred).toBeNull();
    expect(b?.deferred).toMatch(/needs about 50/);
  });

  it("shortens the best plan with a note when what is left is short but meaningful", () => {
    const [a] = reviewPlans([plan()], ctx(40)); // 30 s of training = 300 steps
    expect(a?.refused).toBeNull();
    expect(a?.deferred).toBeNull();
    expect(a?.config.steps).toBe(300);
    expect(a?.config.maxSeconds).toBe(30);
    expect(a?.rationale).toMatch(/Executor: steps clamped from 400 to 300 .* remaining compute budget/);
  });

  it("defers a plan the budget cannot pay for, with the numbers, instead of failing it", () => {
    const [r] = reviewPlans([plan({ config: baseConfig({ steps: 2_000 }) })], ctx(50));
    expect(r?.refused).toBeNull();
    expect(r?.deferred).toMatch(/needs about 210 compute-seconds and only 50 are left/);
  });

  it("fits the schedule into the run's own time limit", () => {
    const [r] = reviewPlans(
      [plan({ config: baseConfig({ steps: 100_000, maxSeconds: 60 }) })],
      ctx(100_000, {
        budget: { rounds: 5, trainingRuns: 20, computeSeconds: 1_000_000, wallSeconds: 3600, tokens: 0 },
      }),
    );
    expect(r?.config.steps).toBe(600);
    expect(r?.notes[0]).toMatch(/finishes within the run's 60 s limit/);
  });

  it("refuses recipes and configs the worker's schema rejects", () => {
    const bad = plan({ recipe: { operators: [] } });
    expect(reviewPlans([bad], ctx(900))[0]?.refused).toMatch(
      /data recipe does not match the worker's schema \(operators/,
    );
    const badLr = plan({ config: { ...baseConfig(), learningRate: -1 } });
    expect(reviewPlans([badLr], ctx(900))[0]?.refused).toMatch(/training config does not match.*learningRate/);
  });

  it("keeps the worker inside the job folder and off the evaluation data", () => {
    for (const source of [
      "/etc/passwd",
      "../../secrets.jsonl",
      "~/.ssh/id_rsa",
      "https://evil.example/data.jsonl",
      "file:///etc/shadow",
      "task:test",
      "task:validation",
    ]) {
      expect(unsafeSource(source), source).not.toBeNull();
    }
    expect(unsafeSource("task:train")).toBeNull();
    expect(unsafeSource("extra/rows.jsonl")).toBeNull();
    const r = reviewPlans([plan({ recipe: { operators: [{ op: "load", source: "/etc/passwd" }] } })], ctx(900))[0];
    expect(r?.refused).toMatch(/outside the job folder/);
    const regex = reviewPlans(
      [
        plan({
          recipe: {
            operators: [...BASE_RECIPE.operators, { op: "filter", rule: "regex", field: "output", pattern: "(" }],
          },
        }),
      ],
      ctx(900),
    )[0];
    expect(regex?.refused).toMatch(/not a valid regular expression/);
  });

  it("caps the samples per run and honours the goal's sample limit", () => {
    const big = plan({ recipe: { operators: [{ op: "load", source: "task:train", limit: 150_000 }] } });
    expect(reviewPlans([big], ctx(900))[0]?.recipe.operators[0]).toMatchObject({ limit: 50_000 });
    expect(
      reviewPlans([big], ctx(900, { constraints: hard({ maxTrainingSamples: 8_000 }) }))[0]?.recipe.operators[0],
    ).toMatchObject({ limit: 8_000 });
  });

  it("fits a plan to the goal's GPU: a lighter method with a note, or a refusal with the numbers", () => {
    const big = plan({
      config: baseConfig({
        steps: 400,
        method: "full",
        baseModel: "qwen3-8b",
        maxSeqLength: 2048,
        batchSize: 8,
        gradientAccumulation: 8,
      }),
    });
    const [moved] = reviewPlans([big], ctx(900, { gpuMemoryGiB: 80 }));
    expect(moved?.refused).toBeNull();
    expect(moved?.config.method).toBe("lora");
    expect(moved?.notes.join(" ")).toMatch(/full fine-tuning of qwen3-8b needs about \d+ GiB .* trained with lora/);
    const [refused] = reviewPlans([big], ctx(900, { gpuMemoryGiB: 80, constraints: hard({ method: "full" }) }));
    expect(refused?.refused).toMatch(/^it does not fit the GPU: full fine-tuning of qwen3-8b needs about \d+ GiB/);
    // no GPU stated: nothing changes
    expect(reviewPlans([big], ctx(900))[0]?.config.method).toBe("full");
  });

  it("refuses a plan that breaks the goal's hard constraints, naming the constraint", () => {
    const full = plan({ config: baseConfig({ steps: 400, method: "full" }) });
    const lora = plan({ config: baseConfig({ steps: 400, method: "lora" }) });
    const loraOnly = ctx(900, { constraints: hard({ method: "lora" }) });
    expect(reviewPlans([full], loraOnly)[0]?.refused).toMatch(
      /hard constraint: the goal allows LoRA only .* full fine-tuning/,
    );
    expect(reviewPlans([lora], loraOnly)[0]?.refused).toBeNull();
    expect(reviewPlans([lora], ctx(900, { constraints: hard({ method: "full" }) }))[0]?.refused).toMatch(
      /full fine-tuning only, and this plan trains with lora/,
    );
    // an evaluation trains nothing: no method to break
    expect(reviewPlans([plan({ config: baseConfig({ steps: 0 }) })], loraOnly)[0]?.refused).toBeNull();

    const small = ctx(900, { constraints: hard({ maxParameters: 1e6 }) });
    expect(
      reviewPlans([plan({ config: baseConfig({ steps: 400, baseModel: "tiny-large" }) })], small)[0]?.refused,
    ).toMatch(/caps the base model at 1M parameters, and tiny-large has 2.78M/);
    expect(
      reviewPlans([plan({ config: baseConfig({ steps: 400, baseModel: "tiny-base" }) })], small)[0]?.refused,
    ).toBeNull();

    const noTest = ctx(900, { constraints: hard({ noTestSplit: true }) });
    expect(
      reviewPlans([plan({ recipe: { operators: [{ op: "load", source: "task:test" }] } })], noTest)[0]?.refused,
    ).toMatch(/leak the evaluation data|forbids the test split/);

    const quick = reviewPlans([plan()], ctx(900, { constraints: hard({ perRunSeconds: 120 }) }))[0];
    expect(quick?.config.maxSeconds).toBe(120);
    expect(quick?.rationale).toMatch(/capped at 120 s per run/);
  });

  it("starts from the base model when the parent cannot be continued", () => {
    expect(reviewPlans([plan()], ctx(900, { parent: { config: baseConfig(), checkpoint: null } }))[0]?.warmStart).toBe(
      false,
    );
    const bigger = reviewPlans([plan({ config: baseConfig({ baseModel: "tiny-large" }) })], ctx(900))[0];
    expect(bigger?.warmStart).toBe(false);
    expect(bigger?.notes.join(" ")).toMatch(/cannot be continued/);
  });

  it("keeps the base model within the catalogue", () => {
    const hub = reviewPlans([plan({ config: { ...baseConfig(), baseModel: "Qwen/Qwen3-1.7B" } })], ctx(900))[0];
    expect(hub?.config.baseModel).toBe("Qwen/Qwen3-1.7B");
    const unknown = reviewPlans([plan({ config: { ...baseConfig(), baseModel: "gpt-5" } })], ctx(900))[0];
    expect(unknown?.config.baseModel).toBe("tiny-base");
    expect(unknown?.notes.join(" ")).toContain('base model "gpt-5" is not in the base-model catalogue');
  });
});
