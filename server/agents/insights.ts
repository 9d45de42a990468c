/**
 * Insight distillation: after each evaluation the whole tree is read again and its lessons written as
 * sentences, each with the node ids that support it: what each kind of change did on average, what made
 * runs fail, the best path so far, and whether the search has stalled. Deterministic and pure, so the
 * same tree always yields the same insights; the evaluation hook stores them (evaluation-hook.ts).
 */
import { describeFeature, measureEffects, type EffectNode } from "./planner/plan-effects.ts";

export interface InsightNode extends EffectNode {
  round: number;
  title: string;
}

export interface DistilledInsight {
  text: string;
  supportingNodeIds: string[];
}

export const MAX_INSIGHTS = 12;
/** Smaller average changes are noise on a 300-example validation split. */
const MIN_EFFECT = 0.01;

const signed = (v: number) => `${v >= 0 ? "+" : ""}${v.toFixed(3)}`;
const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function effectInsights(nodes: readonly InsightNode[]): { weight: number; insight: DistilledInsight }[] {
  const out: { weight: number; insight: DistilledInsight }[] = [];
  const ordinal = new Map(nodes.map((n) => [n.id, n.ordinal]));
  for (const e of measureEffects(nodes).values()) {
    if (e.feature === "warm-start") continue; // nearly every refinement continues training: not a lesson
    const refs = e.supporting.slice(0, 8);
    const cites = refs.map((id) => `#${ordinal.get(id) ?? "?"}`).join(", ");
    if (e.tries > 0 && Math.abs(e.mean) >= MIN_EFFECT) {
      const verdict = e.mean > 0 ? "helped" : "hurt";
      const record = e.tries === 1 ? "in 1 experiment" : `on average over ${e.tries} experiments (${e.wins} better, ${e.losses} worse)`;
      out.push({
        weight: Math.abs(e.mean) * Math.sqrt(e.tries),
        insight: { text: `${capitalise(describeFeature(e.feature))} ${verdict}: ${signed(e.mean)} vs the parent ${record}; best ${signed(e.best)} (${cites}).`, supportingNodeIds: refs },
      });
    }
    if (e.failures > 0 && e.failures >= e.tries) {
      out.push({
        weight: 0.02 * e.failures,
        insight: { text: `Runs with ${describeFeature(e.feature)} failed ${e.failures} of ${e.failures + e.tries} times (${cites}).`, supportingNodeIds: refs },
      });
    }
  }
  return out;
}

/** Failures grouped by their reason (numbers and ids blanked so that the same cause groups together). */
function failureInsights(nodes: readonly InsightNode[]): { weight: number; insight: DistilledInsight }[] {
  const groups = new Map<string, InsightNode[]>();
  for (const n of nodes) {
    if (n.status !== "failed" || !n.error) continue;
    const key = n.error.replace(/[0-9a-f]{8,}|\d+(\.\d+)?/gi, "…").slice(0, 90);
    groups.set(key, [...(groups.get(key) ?? []), n]);
  }
  return [...groups.entries()].map(([reason, list]) => ({
    weight: 0.015 * list.length,
    insight: { text: `${list.length} run(s) failed with "${reason}" (${list.map((n) => `#${n.ordinal}`).slice(0, 6).join(", ")}).`, supportingNodeIds: list.map((n) => n.id).slice(0, 8) },
  }));
}

function progressInsights(nodes: readonly InsightNode[]): DistilledInsight[] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const scored = nodes.filter((n) => n.status === "succeeded" && n.score !== null);
  const root = nodes.find((n) => n.parentId === null);
  let best: InsightNode | undefined;
  for (const n of scored) if (!best || (n.score ?? 0) > (best.score ?? 0)) best = n;
  const out: DistilledInsight[] = [];
  if (best && root && best.id !== root.id && root.score !== null && best.score !== null) {
    const path: InsightNode[] = [];
    for (let cur: InsightNode | undefined = best; cur; cur = cur.parentId ? byId.get(cur.parentId) : undefined) path.unshift(cur);
    out.push({
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
        text: `The last ${recent.length} experiments (rounds ${cut}–${rounds.at(-1)}) did not beat the earlier best of ${before.toFixed(3)}: a different direction is more promising than refining further.`,
        supportingNodeIds: recent.map((n) => n.id).slice(0, 8),
      });
    }
  }
  return out;
}

export function distilInsights(nodes: readonly InsightNode[]): DistilledInsight[] {
  const ranked = [...effectInsights(nodes), ...failureInsights(nodes)].sort((a, b) => b.weight - a.weight || a.insight.text.localeCompare(b.insight.text));
  const progress = progressInsights(nodes);
  return [...progress, ...ranked.map((r) => r.insight)].slice(0, MAX_INSIGHTS);
}
