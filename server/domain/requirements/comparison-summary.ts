/**
 * The answer to a goal that asks to compare (full fine-tuning vs LoRA, one base model vs another): per arm the
 * best node by validation score, what the arm cost, its gain over the baseline per GPU-hour, and the nodes it
 * rests on. Test scores play no part. Pure: the exploration page shows it.
 */
import type { Comparison } from "./requirement-spec.ts";

export interface ComparableNode {
  id: string;
  ordinal: number;
  parentId: string | null;
  status: string;
  score: number | null;
  computeSeconds: number;
  reusedFromId: string | null;
  config: { method: string; baseModel: string; steps: number };
}

export interface ArmSummary {
  arm: string;
  label: string;
  best: { id: string; ordinal: number; score: number } | null;
  /** trained runs of this arm that finished */
  runs: number;
  computeSeconds: number;
  /** (best − baseline) per hour of the arm's compute; null before a run finished or when nothing was spent */
  gainPerGpuHour: number | null;
  /** every trained node of the arm, finished or not */
  nodeIds: string[];
}

export interface ComparisonSummary {
  comparison: Comparison;
  baseline: number | null;
  arms: ArmSummary[];
  /** one sentence: which arm is ahead, by what, or that there is no answer yet */
  verdict: string;
}

const LABELS: Record<string, string> = { full: "full fine-tuning", lora: "LoRA" };

function armOf(n: ComparableNode, c: Comparison): string {
  if (c.kind === "method") return n.config.method === "full" ? "full" : "lora";
  return n.config.baseModel;
}

export function summariseComparison(
  c: Comparison,
  nodes: readonly ComparableNode[],
  direction: "higher" | "lower" = "higher",
): ComparisonSummary {
  const root = nodes.find((n) => n.parentId === null);
  const baseline = root?.score ?? null;
  const better = (a: number, b: number) => (direction === "higher" ? a > b : a < b);
  const arms = c.arms.map((arm): ArmSummary => {
    const mine = nodes.filter((n) => n.config.steps > 0 && armOf(n, c).toLowerCase() === arm.toLowerCase());
    const done = mine.filter((n) => n.status === "succeeded" && n.score !== null);
    let best: ArmSummary["best"] = null;
    for (const n of done)
      if (n.score !== null && (!best || better(n.score, best.score)))
        best = { id: n.id, ordinal: n.ordinal, score: n.score };
    // a reused result cost nothing again
    const computeSeconds = mine.filter((n) => n.reusedFromId === null).reduce((s, n) => s + n.computeSeconds, 0);
    const gain =
      best && baseline !== null ? (direction === "higher" ? best.score - baseline : baseline - best.score) : null;
    return {
      arm,
      label: LABELS[arm] ?? arm,
      best,
      runs: done.length,
      computeSeconds,
      gainPerGpuHour: gain !== null && computeSeconds > 0 ? gain / (computeSeconds / 3600) : null,
      nodeIds: mine.map((n) => n.id),
    };
  });
  return { comparison: c, baseline, arms, verdict: verdictOf(c, arms, better) };
}

function verdictOf(c: Comparison, arms: readonly ArmSummary[], better: (a: number, b: number) => boolean): string {
  const missing = arms.filter((a) => !a.best);
  if (missing.length > 0)
    return `No answer yet: ${missing.map((a) => a.label).join(" and ")} ${missing.length === 1 ? "has" : "have"} no finished run.`;
  const byScore = [...arms].sort((a, b) =>
    a.best && b.best ? (better(a.best.score, b.best.score) ? -1 : better(b.best.score, a.best.score) ? 1 : 0) : 0,
  );
  const [first, second] = byScore;
  if (!first?.best || !second?.best) return "No answer yet.";
  const scoreLine =
    first.best.score === second.best.score
      ? `${first.label} and ${second.label} reach the same best score (${first.best.score.toFixed(3)})`
      : `${first.label} reaches the better score (${first.best.score.toFixed(3)} at #${first.best.ordinal} against ${second.best.score.toFixed(3)} at #${second.best.ordinal})`;
  if (c.per !== "gpu-hour") return `${scoreLine}.`;
  const perHour = [...arms]
    .filter((a) => a.gainPerGpuHour !== null)
    .sort((a, b) => (b.gainPerGpuHour ?? 0) - (a.gainPerGpuHour ?? 0));
  const top = perHour[0];
  return top
    ? `${scoreLine}; per GPU-hour, ${top.label} gains the most over the baseline (${(top.gainPerGpuHour ?? 0).toFixed(3)} per hour).`
    : `${scoreLine}.`;
}
