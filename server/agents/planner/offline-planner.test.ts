import { describe, expect, it } from "vitest";
import { seededRng } from "../../domain/tree/policies.ts";
import { trainingConfigSchema } from "../../runners/protocol.ts";
import { diagnose } from "./diagnosis.ts";
import { proposePlans } from "./offline-planner.ts";

const config = trainingConfigSchema.parse({ steps: 400, batchSize: 32, learningRate: 0.003 });
const recipe = { operators: [{ op: "load" as const, source: "task:train", limit: 4000 }] };
const outcome = { score: 0.7, config, trainRows: 4000, finalLoss: 0.3, errorGroups: { wrong_label: 20 }, parentScore: 0.5 };

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
    expect(diagnose({ ...outcome, errorGroups: { invalid_format: 12, wrong_label: 8 } }).findings).toContain("format_errors");
  });
  it("recognises a plateau", () => {
    expect(diagnose({ ...outcome, score: 0.701, parentScore: 0.7 }).findings).toContain("plateau");
  });
});

describe("offline planner", () => {
  const parent = { ...outcome, recipe };
  it("starts an untrained model with diverse, trained first plans", () => {
    const { plans } = proposePlans({ parent: { ...parent, config: { ...config, steps: 0 }, finalLoss: null }, history: [], count: 4, rng: seededRng(1) });
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
    const { plans } = proposePlans({ parent: { ...parent, finalLoss: 0.3, errorGroups: {} }, history, count: 5, rng: seededRng(3) });
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
