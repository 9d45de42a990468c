/**
 * The report of one evaluation: the diagnosis, the validation bad cases grouped and attributed (which
 * construction or answer accounts for how much of the error), and the comparison with the parent, the
 * siblings and the best node so far. Pure.
 */
import type { NodeRecord } from "../repositories/node-repository.ts";
import { diagnose, type Finding } from "./planner/diagnosis.ts";

export interface ErrorGroupReport {
  /** "negation/false_negative" → group "negation", kind "false_negative" */
  group: string;
  kind: string;
  count: number;
  share: number;
  examples: { input: string; expected: string; predicted: string }[];
}

export interface EvaluationReport {
  findings: Finding[];
  summary: string;
  errors: { total: number; groups: ErrorGroupReport[]; attribution: string[] };
  comparison: {
    parentDelta: number | null;
    siblingRank: number | null;
    siblings: number;
    bestSiblingDelta: number | null;
    bestInTree: { nodeId: string; ordinal: number; score: number } | null;
    isBest: boolean;
  };
}

const clip = (s: string, n = 160) => (s.length > n ? `${s.slice(0, n)}…` : s);

function splitKey(key: string): { group: string; kind: string } {
  const i = key.lastIndexOf("/");
  return i > 0 ? { group: key.slice(0, i), kind: key.slice(i + 1) } : { group: "all", kind: key };
}

export function groupErrors(node: Pick<NodeRecord, "report">): EvaluationReport["errors"] {
  const groups = Object.entries(node.report?.errorGroups ?? {}).filter(([k, v]) => v > 0 && k !== "correct");
  const total = groups.reduce((s, [, v]) => s + v, 0);
  const cases = node.report?.badCases ?? [];
  const out: ErrorGroupReport[] = groups
    .sort((a, b) => b[1] - a[1])
    .map(([key, count]) => ({
      ...splitKey(key),
      count,
      share: total > 0 ? count / total : 0,
      examples: cases
        .filter((c) => c.errorType === key)
        .slice(0, 2)
        .map((c) => ({ input: clip(c.input), expected: clip(c.expected, 80), predicted: clip(c.predicted, 80) })),
    }));
  // attribution: the error share of each construction (group) and of each kind of error, largest first
  const sum = (pick: (g: ErrorGroupReport) => string) => {
    const m = new Map<string, number>();
    for (const g of out) m.set(pick(g), (m.get(pick(g)) ?? 0) + g.count);
    return [...m.entries()].sort((a, b) => b[1] - a[1]);
  };
  const attribution: string[] = [];
  const byGroup = sum((g) => g.group);
  if (byGroup.length > 1 || byGroup[0]?.[0] !== "all")
    for (const [g, n] of byGroup.slice(0, 3))
      attribution.push(`${g}: ${Math.round((100 * n) / Math.max(total, 1))}% of errors`);
  for (const [k, n] of sum((g) => g.kind).slice(0, 3))
    attribution.push(`${k.replaceAll("_", " ")}: ${Math.round((100 * n) / Math.max(total, 1))}%`);
  return { total, groups: out.slice(0, 12), attribution };
}

export function buildEvaluationReport(node: NodeRecord, nodes: readonly NodeRecord[]): EvaluationReport {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const parent = node.parentId ? byId.get(node.parentId) : undefined;
  const diagnosis = diagnose({
    score: node.score,
    config: node.config,
    trainRows: node.report?.train?.trainRows ?? null,
    finalLoss: node.report?.train?.finalLoss ?? null,
    errorGroups: node.report?.errorGroups ?? {},
    parentScore: parent?.score ?? null,
  });
  const errors = groupErrors(node);
  const siblings = nodes.filter(
    (n) => n.parentId !== null && n.parentId === node.parentId && n.status === "succeeded" && n.score !== null,
  );
  const ranked = [...siblings].sort((a, b) => (b.score ?? 0) - (a.score ?? 0));
  const rank = ranked.findIndex((n) => n.id === node.id);
  const bestSibling = ranked.find((n) => n.id !== node.id);
  let best: NodeRecord | undefined;
  for (const n of nodes)
    if (n.status === "succeeded" && n.score !== null && (!best || n.score > (best.score ?? -1))) best = n;
  const parentDelta = node.score !== null && parent?.score != null ? node.score - parent.score : null;
  const comparison: EvaluationReport["comparison"] = {
    parentDelta,
    siblingRank: rank >= 0 ? rank + 1 : null,
    siblings: siblings.length,
    bestSiblingDelta: node.score !== null && bestSibling?.score != null ? node.score - bestSibling.score : null,
    bestInTree: best && best.score !== null ? { nodeId: best.id, ordinal: best.ordinal, score: best.score } : null,
    isBest: best?.id === node.id,
  };
  const parts = [diagnosis.summary];
  if (parentDelta !== null)
    parts.push(`${parentDelta >= 0 ? "+" : ""}${parentDelta.toFixed(3)} vs its parent #${parent?.ordinal}`);
  if (comparison.siblingRank !== null && siblings.length > 1)
    parts.push(`rank ${comparison.siblingRank} of ${siblings.length} siblings`);
  if (comparison.isBest) parts.push("best node so far");
  if (errors.attribution.length > 0) parts.push(`errors: ${errors.attribution.slice(0, 2).join(", ")}`);
  return { findings: diagnosis.findings, summary: parts.join("; "), errors, comparison };
}
