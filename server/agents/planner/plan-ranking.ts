/**
 * From candidate plans to the few that run: drop repeats (within the expansion, of what was already tried
 * from this node, of identical experiments elsewhere in the tree), rank by the rules' order plus what the
 * tree has learned about each kind of change, and keep the directions diverse. Pure.
 */
import type { DataRecipe, TrainingConfig } from "../../contract/job-protocol.ts";
import { changeFeatures, describeFeature, expectedGain, featureKey, type Effect } from "./plan-effects.ts";

export interface RankablePlan {
  direction: string;
  recipe: DataRecipe;
  config: TrainingConfig;
  warmStart: boolean;
  rationale: string;
}

export interface Experiment {
  recipe: DataRecipe;
  config: TrainingConfig;
  warmStart: boolean;
}

export interface RankRequest {
  parent: { recipe: DataRecipe; config: TrainingConfig };
  count: number;
  effects?: ReadonlyMap<string, Effect>;
  /** children the parent already has: the same experiment again would only be reused */
  tried?: readonly Experiment[];
  /** every experiment of the tree: a from-scratch plan identical to one of them is a repeat */
  history?: readonly { recipe: DataRecipe; config: TrainingConfig }[];
}

const key = (p: { recipe: DataRecipe; config: TrainingConfig }, warmStart: boolean) =>
  JSON.stringify([p.recipe, p.config, warmStart]);
/** Weight of the expected gain against the rules' order (one rank is 0.04). */
const GAIN_WEIGHT = 2;

function historyNote(features: readonly string[], effects: ReadonlyMap<string, Effect>): string {
  const together = features.length > 1 ? effects.get(featureKey(features)) : undefined;
  const seen = (together ? [together] : features.flatMap((f) => effects.get(f) ?? []))
    .filter((e) => e.comparisons > 0 && Math.abs(e.mean) >= 0.005)
    .sort((a, b) => Math.abs(b.mean) - Math.abs(a.mean))
    .slice(0, 2);
  if (seen.length === 0) return "";
  const parts = seen.map(
    (e) =>
      `${e.features.map(describeFeature).join(" with ")} moved scores by ${e.mean >= 0 ? "+" : ""}${e.mean.toFixed(3)} on average over ${e.comparisons} matched comparison(s)`,
  );
  return ` Insights so far: ${parts.join("; ")}.`;
}

export function rankPlans<T extends RankablePlan>(candidates: readonly T[], req: RankRequest): T[] {
  const effects = req.effects ?? new Map<string, Effect>();
  const tried = new Set((req.tried ?? []).map((t) => key(t, t.warmStart)));
  const done = new Set((req.history ?? []).map((h) => key(h, false)));
  const seenKeys = new Set<string>();
  const seenSignatures = new Set<string>();
  const scored: { plan: T; score: number; index: number }[] = [];
  candidates.forEach((plan, index) => {
    const k = key(plan, plan.warmStart);
    if (seenKeys.has(k) || tried.has(k) || (!plan.warmStart && done.has(k))) return;
    const features = changeFeatures(req.parent, plan);
    // two plans making the same kind of change (same operators, same directions of every setting) are one idea
    const signature = JSON.stringify([plan.direction, [...features].sort()]);
    if (seenSignatures.has(signature)) return;
    seenKeys.add(k);
    seenSignatures.add(signature);
    const gain = expectedGain(features, effects);
    scored.push({
      plan: { ...plan, rationale: plan.rationale + historyNote(features, effects) },
      score: -0.04 * index + GAIN_WEIGHT * gain,
      index,
    });
  });
  scored.sort((a, b) => b.score - a.score || a.index - b.index);

  const cap = Math.max(2, Math.ceil(req.count / 2));
  const perDirection = new Map<string, number>();
  const chosen: T[] = [];
  const rest: T[] = [];
  for (const { plan } of scored) {
    const n = perDirection.get(plan.direction) ?? 0;
    if (chosen.length < req.count && n < cap) {
      chosen.push(plan);
      perDirection.set(plan.direction, n + 1);
    } else rest.push(plan);
  }
  for (const plan of rest) if (chosen.length < req.count) chosen.push(plan);
  return chosen;
}
