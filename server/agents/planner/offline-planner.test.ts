import { describe, expect, it } from "vitest";
import { seededRng } from "../../domain/tree/policies.ts";
import { trainingConfigSchema } from "../../contract/job-protocol.ts";
import { diagnose, type NodeOutcome } from "./diagnosis.ts";
import { findKnowledgeEntry } from "../knowledge-base/knowledge-base.ts";
import { entryMatchesPlan } from "./knowledge-plans.ts";
import { proposePlans } from "./offline-planner.ts";
import { effectsFromInsights } from "./plan-effects.ts";
import { hardConstraintsSchema, type HardConstraints } from "../../domain/requirements/requirement-spec.ts";

const config = trainingConfigSchema.parse({ steps: 400, batchSize: 32, learningRate: 0.003 });
const recipe = { operators: [{ op: "load" as const, source: "task:train", limit: 4000 }] };
const outcome = {
  score: 0.7,
  config,
  trainRows: 4000,
  finalLoss: 0.3,
  errorGroups: { wrong_label: 20 },
  parentScore: 0.5,
};

describe("diagnosis (recorded outcomes)", () => {
  it("recognises an untrained baseline", () => {
    expect(diagnose({ ...outcome, config: { ...config, steps: 0 }, finalLoss: null }).findings).toContain("untrained");
  });
  it("recognises underfitting from a high final loss", () => {
    expect(diagnose({ ...outcome, finalLoss: 1.2 }).findings).toContain("underfitting");
  });
  it("recognises overfitting: near-zero loss, lagging validation", () => {
    expect(diagnose({ ...outcome, finalLoss: 0.01, score: 0.6 }).findings).toContain("overfitting");
  });
  it("recognises format errors when they dominate the bad cases", () => {
    expect(diagnose({ ...outcome, errorGroups: { invalid_format: 12, wrong_label: 8 } }).findings).toContain(
      "format_errors",
    );
  });
  it("recognises a plateau", () => {
    expect(diagnose({ ...outcome, score: 0.701, parentScore: 0.7 }).findings).toContain("plateau");
  });
});

describe("offline planner", () => {
  const parent = { ...outcome, recipe };
  it("starts an untrained model with diverse, trained first plans", () => {
    const { plans } = proposePlans({
      parent: { ...parent, config: { ...config, steps: 0 }, finalLoss: null },
      history: [],
      count: 4,
      rng: seededRng(1),
    });
    expect(plans).toHaveLength(4);
    expect(new Set(plans.map((p) => p.direction)).size).toBeGreaterThanOrEqual(3);
    expect(plans.every((p) => p.config.steps > 0)).toBe(true);
  });
  it("answers underfitting with more optimisation and capacity", () => {
    const { plans } = proposePlans({ parent: { ...parent, finalLoss: 1.2 }, history: [], count: 5, rng: seededRng(1) });
    expect(plans.some((p) => p.config.steps > config.steps || p.config.learningRate > config.learningRate)).toBe(true);
    expect(plans.some((p) => p.direction === "change_base")).toBe(true);
  });
  it("answers label confusion with cleaning and rebalancing the data", () => {
    const { plans } = proposePlans({ parent, history: [], count: 5, rng: seededRng(1) });
    const ops = plans.flatMap((p) => p.recipe.operators.map((o) => o.op));
    expect(ops).toContain("balance");
    expect(ops).toContain("filter");
  });
  it("takes the learning rate from the best node in the history", () => {
    const history = [{ score: 0.9, config: { ...config, learningRate: 0.001 }, recipe }];
    const { plans } = proposePlans({
      parent: { ...parent, finalLoss: 0.3, errorGroups: {} },
      history,
      count: 5,
      rng: seededRng(3),
    });
    const cont = plans.find((p) => p.title.startsWith("Continue training"));
    expect(cont?.warmStart).toBe(true);
    expect(cont?.config.learningRate).toBeLessThan(0.001);
  });
  it("never proposes the same plan twice in one expansion", () => {
    const { plans } = proposePlans({ parent, history: [], count: 5, rng: seededRng(5) });
    const keys = plans.map((p) => JSON.stringify([p.recipe, p.config, p.warmStart]));
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe("offline planner with the knowledge base and the tree's memory (recorded diagnoses)", () => {
  /** Outcomes recorded from FT-Bench-mini runs: what the worker reported for a node. */
  const recorded = {
    sst2NegationConfusion: {
      ...outcome,
      score: 0.78,
      finalLoss: 0.21,
      errorGroups: { "negation/false_negative": 31, "intensifier/false_positive": 9, "plain/false_negative": 4 },
      parentScore: 0.71,
    },
    finFormatErrors: {
      ...outcome,
      score: 0.42,
      finalLoss: 0.35,
      errorGroups: { "base100/unparseable": 30, "other_base/bad_format": 12, "other_base/off_by_under_1": 10 },
      parentScore: 0.3,
    },
    gtaUnderfitting: {
      ...outcome,
      score: 0.35,
      finalLoss: 1.4,
      errorGroups: { "weather/wrong_args": 20, "email/wrong_tool": 6 },
      parentScore: 0.2,
    },
    sst2Overfitting: { ...outcome, score: 0.8, finalLoss: 0.02, errorGroups: {}, parentScore: 0.74 },
  };
  const plansFor = (o: NodeOutcome, extra: Partial<Parameters<typeof proposePlans>[0]> = {}) =>
    proposePlans({ parent: { ...o, recipe }, history: [], count: 4, rng: seededRng(7), ...extra }).plans;

  it("cites retrieved knowledge-base recipes in the rationales", () => {
    for (const o of Object.values(recorded)) {
      const plans = plansFor(o, { taskKind: "classification" });
      expect(plans.filter((p) => /\[kb:recipe-[a-z-]+\]/.test(p.rationale)).length).toBeGreaterThanOrEqual(2);
    }
  });

  it("cites only knowledge-base entries whose changes the plan actually makes", () => {
    let cited = 0;
    for (const o of Object.values(recorded)) {
      for (const taskKind of ["classification", "structured", "numeric", "generation"] as const) {
        for (const p of plansFor(o, { taskKind, count: 5 })) {
          for (const [, id] of p.rationale.matchAll(/\[kb:([a-z0-9-]+)\]/g)) {
            const entry = findKnowledgeEntry(id ?? "");
            expect(entry, id).toBeDefined();
            if (entry)
              expect(entryMatchesPlan(entry, { recipe, config: o.config }, p), `${p.title} cites ${id}`).toBe(true);
            cited++;
          }
        }
      }
    }
    expect(cited).toBeGreaterThan(20);
  });

  it("answers format errors on a numeric task with cleaning first, and no classification-only recipe", () => {
    const plans = plansFor(recorded.finFormatErrors, { taskKind: "numeric" });
    expect(plans[0]?.direction).toBe("clean_data");
    expect(plans[0]?.recipe.operators.map((o) => o.op)).toEqual(expect.arrayContaining(["dedup", "filter"]));
    expect(plans.some((p) => p.rationale.includes("kb:recipe-noise-augmentation"))).toBe(false);
  });

  it("answers overfitting with more data and regularisation", () => {
    const plans = plansFor(recorded.sst2Overfitting, { taskKind: "classification", count: 5 });
    const dirs = plans.map((p) => p.direction);
    expect(dirs).toContain("add_data");
    expect(plans.some((p) => p.config.dropout > 0.1 || p.config.weightDecay > 0 || p.config.labelSmoothing > 0)).toBe(
      true,
    );
  });

  it("promotes a change that helped in this tree and demotes one that hurt", () => {
    const effect = (mean: number) =>
      effectsFromInsights([{ kind: "effect", features: ["op+:balance"], effect: mean, comparisons: 3 }]);
    const rank = (mean: number) =>
      plansFor(recorded.sst2NegationConfusion, {
        taskKind: "classification",
        count: 5,
        effects: effect(mean),
      }).findIndex((p) => p.recipe.operators.some((o) => o.op === "balance"));
    const helped = rank(0.05);
    const hurt = rank(-0.05);
    expect(helped).toBe(0);
    expect(hurt === -1 || hurt > helped).toBe(true);
    const top = plansFor(recorded.sst2NegationConfusion, { taskKind: "classification", effects: effect(0.05) })[0];
    expect(top?.rationale).toMatch(
      /rebalancing the classes moved scores by \+0.050 on average over 3 matched comparison\(s\)/,
    );
  });

  it("never repeats an experiment already tried from the node", () => {
    const first = plansFor(recorded.gtaUnderfitting, { taskKind: "structured" });
    const tried = first.map((p) => ({ recipe: p.recipe, config: p.config, warmStart: p.warmStart }));
    const again = plansFor(recorded.gtaUnderfitting, { taskKind: "structured", tried });
    const key = (p: { recipe: unknown; config: unknown; warmStart: boolean }) =>
      JSON.stringify([p.recipe, p.config, p.warmStart]);
    expect(again.some((p) => tried.map(key).includes(key(p)))).toBe(false);
  });

  it("trains from the base model when the parent left no checkpoint", () => {
    expect(
      plansFor(recorded.gtaUnderfitting, {
        parent: { ...recorded.gtaUnderfitting, recipe, hasCheckpoint: false },
      }).every((p) => !p.warmStart),
    ).toBe(true);
  });

  it("lets earlier explorations' evidence reorder the first round", () => {
    const untrained = { ...outcome, config: { ...config, steps: 0 }, finalLoss: null };
    const plain = plansFor(untrained, { count: 5 });
    const effects = effectsFromInsights([{ kind: "effect", features: ["data:up"], effect: 0.08, comparisons: 4 }]);
    const informed = plansFor(untrained, { count: 5, effects });
    expect(plain[0]?.direction).not.toBe("add_data");
    expect(informed[0]?.direction).toBe("add_data");
  });
});

describe("offline planner under the goal's hard constraints", () => {
  const parent = { ...outcome, recipe, finalLoss: 1.2 };
  const hard = (over: Partial<HardConstraints>): HardConstraints => ({ ...hardConstraintsSchema.parse({}), ...over });

  it("plans LoRA only, even from a parent trained with full fine-tuning, and nothing over the size cap", () => {
    const { plans } = proposePlans({
      parent,
      history: [],
      count: 4,
      rng: seededRng(2),
      constraints: hard({ method: "lora" }),
    });
    expect(plans.length).toBeGreaterThan(0);
    expect(plans.every((p) => p.config.method === "lora")).toBe(true);
    // underfitting asks for a larger base; a cap below it leaves that plan out
    const uncapped = proposePlans({ parent, history: [], count: 6, rng: seededRng(2) }).plans;
    expect(uncapped.some((p) => p.config.baseModel === "tiny-large")).toBe(true);
    const capped = proposePlans({
      parent,
      history: [],
      count: 6,
      rng: seededRng(2),
      constraints: hard({ maxParameters: 1e6 }),
    }).plans;
    expect(capped.some((p) => p.config.baseModel === "tiny-large")).toBe(false);
  });

  it("plans both arms of a comparison in the first round", () => {
    const untrained = { ...parent, config: { ...config, steps: 0 }, finalLoss: null };
    const { plans } = proposePlans({
      parent: untrained,
      history: [],
      count: 4,
      rng: seededRng(3),
      compare: { kind: "method", arms: ["full", "lora"], per: "gpu-hour" },
    });
    expect(plans.map((p) => p.config.method).sort()).toEqual(["full", "full", "lora", "lora"]);
    expect(plans.filter((p) => p.config.method === "lora").every((p) => p.title.endsWith("(LoRA)"))).toBe(true);
  });
});
