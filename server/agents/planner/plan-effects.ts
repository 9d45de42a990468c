/**
 * The vocabulary of change between two experiments: features ("added balance", "higher learning rate"),
 * and the effects of features as the insights report them, by which the offline planner ranks its plans. Pure.
 */
import type { DataRecipe, TrainingConfig } from "../../contract/job-protocol.ts";
import type { InsightEvidence } from "../../domain/tree/insight-evidence.ts";
import { trainLimit } from "./recipe-edits.ts";

export const featureKey = (features: readonly string[]) => [...features].sort().join(" + ");

export interface EffectNode {
  id: string;
  ordinal: number;
  parentId: string | null;
  status: string;
  score: number | null;
  recipe: DataRecipe;
  config: TrainingConfig;
  warmStart: boolean;
  error?: string | null;
}

export interface Effect {
  /** the change, or the changes made together, as featureKey writes them */
  key: string;
  features: string[];
  /** scored matched comparisons the mean rests on */
  comparisons: number;
  /** mean validation difference, treated − control */
  mean: number;
  failures: number;
}

const opKey = (o: DataRecipe["operators"][number]) =>
  o.op === "augment" ? `augment:${o.kind}` : o.op === "dedup" ? `dedup:${o.mode}` : o.op;

function ratioFeature(name: string, before: number, after: number, tolerance = 0.12): string[] {
  if (before <= 0) return after > 0 ? [`${name}:up`] : [];
  const r = after / before;
  return r > 1 + tolerance ? [`${name}:up`] : r < 1 - tolerance ? [`${name}:down`] : [];
}

/** The change from parent to child as a set of features. */
export function changeFeatures(
  parent: { recipe: DataRecipe; config: TrainingConfig },
  child: { recipe: DataRecipe; config: TrainingConfig; warmStart: boolean },
): string[] {
  const before = new Set(parent.recipe.operators.map(opKey));
  const after = new Set(child.recipe.operators.map(opKey));
  const f: string[] = [];
  for (const k of after) if (!before.has(k) && k !== "load") f.push(`op+:${k}`);
  for (const k of before) if (!after.has(k) && k !== "load") f.push(`op-:${k}`);
  const p = parent.config;
  const c = child.config;
  f.push(...ratioFeature("data", trainLimit(parent.recipe), trainLimit(child.recipe)));
  f.push(...ratioFeature("lr", p.learningRate, c.learningRate));
  if (p.steps > 0) f.push(...ratioFeature("steps", p.steps, c.steps));
  f.push(...ratioFeature("batch", p.batchSize, c.batchSize));
  const reg = (x: TrainingConfig) => x.dropout + x.weightDecay + x.labelSmoothing;
  if (reg(c) > reg(p) + 0.02) f.push("reg:up");
  else if (reg(c) < reg(p) - 0.02) f.push("reg:down");
  if (c.baseModel !== p.baseModel) f.push(`base:${c.baseModel}`);
  if (c.method !== p.method) f.push(`method:${c.method}`);
  if (child.warmStart) f.push("warm-start");
  return f;
}

const FEATURE_WORDS: Record<string, string> = {
  "op+:balance": "rebalancing the classes",
  "op+:filter": "filtering invalid labels",
  "op+:dedup:exact": "exact deduplication",
  "op+:dedup:near": "near-duplicate removal",
  "op+:augment:task": "task augmentation",
  "op+:augment:char_noise": "character-noise augmentation",
  "op+:augment:shuffle_words": "word-shuffle augmentation",
  "op+:sample": "subsampling the data",
  "op+:template": "a prompt template",
  "data:up": "loading more training rows",
  "data:down": "loading fewer training rows",
  "lr:up": "a higher learning rate",
  "lr:down": "a lower learning rate",
  "steps:up": "more training steps",
  "steps:down": "fewer training steps",
  "batch:up": "a larger batch",
  "batch:down": "a smaller batch",
  "reg:up": "stronger regularisation",
  "reg:down": "weaker regularisation",
  "warm-start": "continuing from the parent's checkpoint",
  "from-scratch": "training from the base model instead of the parent's checkpoint",
};

export function describeFeature(feature: string): string {
  const known = FEATURE_WORDS[feature];
  if (known) return known;
  if (feature.startsWith("op+:")) return `adding ${feature.slice(4)}`;
  if (feature.startsWith("op-:")) return `removing ${feature.slice(4)}`;
  if (feature.startsWith("base:")) return `switching the base model to ${feature.slice(5)}`;
  if (feature.startsWith("method:")) return `switching to ${feature.slice(7)} training`;
  return feature;
}

/**
 * What the planner knows of each change: read from insights only (this tree's and earlier explorations' of
 * the task). Credited effects are keyed by their one change; confounded ones by the changes made together,
 * so that they only ever speak for a plan making exactly that combination.
 */
export function effectsFromInsights(insights: readonly InsightEvidence[]): Map<string, Effect> {
  const acc = new Map<string, { features: string[]; sum: number; comparisons: number; failures: number }>();
  for (const i of insights) {
    if (i.features.length === 0 || !["effect", "confounded", "failure"].includes(i.kind)) continue;
    if (i.kind !== "confounded" && i.features.length !== 1) continue;
    const key = featureKey(i.features);
    const a = acc.get(key) ?? { features: [...i.features].sort(), sum: 0, comparisons: 0, failures: 0 };
    if (i.kind === "failure") a.failures += i.comparisons;
    else if (i.effect !== null && i.comparisons > 0) {
      a.sum += i.effect * i.comparisons;
      a.comparisons += i.comparisons;
    }
    acc.set(key, a);
  }
  return new Map(
    [...acc].map(([key, a]) => [
      key,
      {
        key,
        features: a.features,
        comparisons: a.comparisons,
        mean: a.comparisons > 0 ? a.sum / a.comparisons : 0,
        failures: a.failures,
      },
    ]),
  );
}

/**
 * The gain a plan with these features may expect: the measured effect of exactly this combination when
 * there is one, else the sum of its credited single changes; each shrunk towards zero when it rests on few
 * comparisons, with a penalty for changes that made runs fail.
 */
export function expectedGain(features: readonly string[], effects: ReadonlyMap<string, Effect>): number {
  const shrunk = (e: Effect) =>
    (e.mean * e.comparisons) / (e.comparisons + 1) - (0.05 * e.failures) / (e.comparisons + e.failures + 1);
  const exact = features.length > 1 ? effects.get(featureKey(features)) : undefined;
  if (exact) return shrunk(exact);
  let gain = 0;
  for (const f of features) {
    const e = effects.get(f);
    if (e) gain += shrunk(e);
  }
  return gain;
}
