/**
 * Insight distillation: after each evaluation the whole tree is read again and its lessons written as
 * sentences with their evidence. An effect is credited to a change only against a matched control
 * (matched-comparisons.ts): changes made together are reported as confounded and credited to none of them.
 * Every insight carries its kind, the changes it is about, the effect size (mean validation difference),
 * the number of comparisons and the node ids; the planner reads these fields, never the raw tree.
 * Deterministic and pure; services/evaluation-service.ts stores them after each evaluation.
 */
import { matchedComparisons, type Comparison } from "./matched-comparisons.ts";
import type { InsightEvidence } from "../domain/tree/insight-evidence.ts";
import { describeFeature, featureKey, type EffectNode } from "./planner/plan-effects.ts";

export interface InsightNode extends EffectNode {
  round: number;
  title: string;
}

export interface DistilledInsight extends InsightEvidence {
  text: string;
  supportingNodeIds: string[];
}

export const MAX_INSIGHTS = 12;
/** Smaller average changes are noise on a 300-example validation split. */
const MIN_EFFECT = 0.01;
const MAX_IDS = 16;

const signed = (v: number) => `${v >= 0 ? "+" : ""}${v.toFixed(3)}`;
const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

type Ranked = { weight: number; insight: DistilledInsight };

function pairIds(list: readonly Comparison[]): string[] {
  return [...new Set(list.flatMap((c) => [c.treatedId, c.controlId]))].slice(0, MAX_IDS);
}

function effectInsights(nodes: readonly InsightNode[]): Ranked[] {
  const ordinal = new Map(nodes.map((n) => [n.id, n.ordinal]));
  const ref = (id: string) => `#${ordinal.get(id) ?? "?"}`;
  const pairs = (list: readonly Comparison[]) =>
    list
      .slice(0, 6)
      .map((c) => `${ref(c.treatedId)} vs ${ref(c.controlId)}`)
      .join(", ");
  const groups = new Map<string, Comparison[]>();
  for (const c of matchedComparisons(nodes))
    groups.set(featureKey(c.features), [...(groups.get(featureKey(c.features)) ?? []), c]);
  const out: Ranked[] = [];
  for (const list of groups.values()) {
    const features = list[0]?.features ?? [];
    const deltas = list.flatMap((c) => (c.delta === null ? [] : [c.delta]));
    const failed = list.filter((c) => c.delta === null);
    const scoredList = list.filter((c) => c.delta !== null);
    const n = deltas.length;
    const m = n > 0 ? mean(deltas) : 0;
    const evidence = { features, effect: n > 0 ? m : null, comparisons: n };
    if (features.length === 1 && n > 0) {
      const what = capitalise(describeFeature(features[0] ?? ""));
      const wins = deltas.filter((d) => d > 0.005).length;
      const losses = deltas.filter((d) => d < -0.005).length;
      const text =
        Math.abs(m) >= MIN_EFFECT
          ? `${what} ${m > 0 ? "helped" : "hurt"}: ${signed(m)} on average over ${plural(n, "matched comparison")} (${wins} better, ${losses} worse: ${pairs(scoredList)}).`
          : `${what} made no measurable difference: ${signed(m)} over ${plural(n, "matched comparison")} (${pairs(scoredList)}).`;
      out.push({
        weight: Math.max(Math.abs(m), 0.002) * Math.sqrt(n),
        insight: { kind: "effect", ...evidence, text, supportingNodeIds: pairIds(scoredList) },
      });
    } else if (n > 0) {
      const what = capitalise(features.map(describeFeature).join(" and "));
      const text = `${what} were changed together (${signed(m)} over ${plural(n, "comparison")}: ${pairs(scoredList)}): confounded, the difference is credited to none of them.`;
      out.push({
        weight: 0.5 * Math.abs(m) * Math.sqrt(n),
        insight: { kind: "confounded", ...evidence, text, supportingNodeIds: pairIds(scoredList) },
      });
    }
    if (features.length === 1 && failed.length > 0) {
      const text = `Runs that changed only ${describeFeature(features[0] ?? "")} failed ${failed.length} of ${failed.length + n} times (${pairs(failed)}).`;
      out.push({
        weight: 0.02 * failed.length,
        insight: {
          kind: "failure",
          features,
          effect: null,
          comparisons: failed.length,
          text,
          supportingNodeIds: pairIds(failed),
        },
      });
    }
  }
  return out;
}

/** Failures grouped by their reason (numbers and ids blanked so that the same cause groups together). */
function failureInsights(nodes: readonly InsightNode[]): Ranked[] {
  const groups = new Map<string, InsightNode[]>();
  for (const n of nodes) {
    if (n.status !== "failed" || !n.error) continue;
    const key = n.error.replace(/[0-9a-f]{8,}|\d+(\.\d+)?/gi, "…").slice(0, 90);
    groups.set(key, [...(groups.get(key) ?? []), n]);
  }
  return [...groups.entries()].map(([reason, list]) => ({
    weight: 0.015 * list.length,
    insight: {
      kind: "failure",
      features: [],
      effect: null,
      comparisons: 0,
      text: `${list.length} run(s) failed with "${reason}" (${list
        .map((n) => `#${n.ordinal}`)
        .slice(0, 6)
        .join(", ")}).`,
      supportingNodeIds: list.map((n) => n.id).slice(0, MAX_IDS),
    },
  }));
}

function progressInsights(nodes: readonly InsightNode[]): DistilledInsight[] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const scored = nodes.filter((n) => n.status === "succeeded" && n.score !== null);
  const root = nodes.find((n) => n.parentId === null);
  let best: InsightNode | undefined;
  for (const n of scored) if (!best || (n.score ?? 0) > (best.score ?? 0)) best = n;
  const out: DistilledInsight[] = [];
  const none = { features: [], effect: null, comparisons: 0 };
  if (best && root && best.id !== root.id && root.score !== null && best.score !== null) {
    const path: InsightNode[] = [];
    for (let cur: InsightNode | undefined = best; cur; cur = cur.parentId ? byId.get(cur.parentId) : undefined)
      path.unshift(cur);
    out.push({
      kind: "progress",
      ...none,
      text: `Best so far: #${best.ordinal} "${best.title}" at ${best.score.toFixed(3)} (${signed(best.score - root.score)} over the baseline), reached by ${path.map((n) => `#${n.ordinal}`).join(" → ")}.`,
      supportingNodeIds: path.map((n) => n.id),
    });
  }
  // stalled: the last two rounds with evaluated nodes did not beat the best score of the rounds before them
  const rounds = [...new Set(scored.map((n) => n.round))].sort((a, b) => a - b);
  if (rounds.length >= 4) {
    const cut = rounds[rounds.length - 2] ?? 0;
    const before = Math.max(...scored.filter((n) => n.round < cut).map((n) => n.score ?? 0));
    const recent = scored.filter((n) => n.round >= cut);
    if (recent.every((n) => (n.score ?? 0) <= before + 0.005)) {
      out.push({
        kind: "stalled",
        ...none,
        text: `The last ${recent.length} experiments (rounds ${cut}–${rounds.at(-1)}) did not beat the earlier best of ${before.toFixed(3)}: a different direction is more promising than refining further.`,
        supportingNodeIds: recent.map((n) => n.id).slice(0, MAX_IDS),
      });
    }
  }
  return out;
}

export function distilInsights(nodes: readonly InsightNode[]): DistilledInsight[] {
  const ranked = [...effectInsights(nodes), ...failureInsights(nodes)].sort(
    (a, b) => b.weight - a.weight || a.insight.text.localeCompare(b.insight.text),
  );
  return [...progressInsights(nodes), ...ranked.map((r) => r.insight)].slice(0, MAX_INSIGHTS);
}
