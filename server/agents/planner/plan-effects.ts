/**
 * What each kind of change did in this tree: every evaluated child is compared with its parent, its
 * change described as features ("added balance", "higher learning rate"), and the score deltas averaged
 * per feature. Insights are distilled from these effects and the offline planner ranks its plans by them. Pure.
 */
import type { DataRecipe, TrainingConfig } from "../../runners/protocol.ts";
import { trainLimit } from "./recipe-edits.ts";

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
  feature: string;
  /** evaluated children with this change whose parent has a score */
  tries: number;
  mean: number;
  best: number;
  wins: number;
  losses: number;
  failures: number;
  /** the children with this change, then their parents */
  supporting: string[];
}

const opKey = (o: DataRecipe["operators"][number]) => (o.op === "augment" ? `augment:${o.kind}` : o.op === "dedup" ? `dedup:${o.mode}` : o.op);

function ratioFeature(name: string, before: number, after: number, tolerance = 0.12): string[] {
  if (before <= 0) return after > 0 ? [`${name}:up`] : [];
  const r = after / before;
  return r > 1 + tolerance ? [`${name}:up`] : r < 1 - tolerance ? [`${name}:down`] : [];
}

/** The change from parent to child as a set of features. */
export function changeFeatures(parent: { recipe: DataRecipe; config: TrainingConfig }, child: { recipe: DataRecipe; config: TrainingConfig; warmStart: boolean }): string[] {
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

/** Effects of every feature seen in the tree, from evaluated children of scored parents. */
export function measureEffects(nodes: readonly EffectNode[]): Map<string, Effect> {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const acc = new Map<string, { deltas: number[]; failures: number; children: string[]; parents: string[] }>();
  for (const child of nodes) {
    if (!child.parentId || (child.status !== "succeeded" && child.status !== "failed")) continue;
    const parent = byId.get(child.parentId);
    if (!parent || parent.status !== "succeeded" || parent.score === null) continue;
    const delta = child.status === "succeeded" && child.score !== null ? child.score - parent.score : null;
    for (const feature of changeFeatures(parent, child)) {
      const a = acc.get(feature) ?? { deltas: [], failures: 0, children: [], parents: [] };
      if (delta === null) a.failures++;
      else a.deltas.push(delta);
      a.children.push(child.id);
      if (!a.parents.includes(parent.id)) a.parents.push(parent.id);
      acc.set(feature, a);
    }
  }
  const out = new Map<string, Effect>();
  for (const [feature, a] of acc) {
    const tries = a.deltas.length;
    out.set(feature, {
      feature,
      tries,
      mean: tries > 0 ? a.deltas.reduce((s, d) => s + d, 0) / tries : 0,
      best: tries > 0 ? Math.max(...a.deltas) : 0,
      wins: a.deltas.filter((d) => d > 0.005).length,
      losses: a.deltas.filter((d) => d < -0.005).length,
      failures: a.failures,
      supporting: [...a.children, ...a.parents.filter((p) => !a.children.includes(p))],
    });
  }
  return out;
}

/**
 * The gain a plan with these features may expect from what the tree has seen: each feature's mean delta,
 * shrunk towards zero when it rests on few tries, and a penalty for changes that made runs fail.
 */
export function expectedGain(features: readonly string[], effects: ReadonlyMap<string, Effect>): number {
  let gain = 0;
  for (const f of features) {
    const e = effects.get(f);
    if (!e) continue;
    gain += (e.mean * e.tries) / (e.tries + 1);
    gain -= (0.05 * e.failures) / (e.tries + e.failures + 1);
  }
  return gain;
}
