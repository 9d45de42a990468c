/**
 * The Researcher's memory for one expansion: the node's ancestor path, its siblings, what was already
 * tried from it, the tree's key nodes (biggest gains, biggest failures) and the insights, compressed to
 * a token budget. Items are taken by priority, each in full or in brief or not at all, and every
 * omission is counted in the text, so the model knows what it does not see. Pure.
 */
import type { NodeRecord } from "../repositories/node-repository.ts";
import { describeRecipe } from "./planner/recipe-edits.ts";

export interface MemoryInsight {
  text: string;
  supportingNodeIds: readonly string[];
}

export interface MemoryItem {
  section: MemorySection;
  nodeId: string | null;
  priority: number;
  full: string;
  brief: string;
}

export const MEMORY_SECTIONS = ["target", "path", "tried", "siblings", "gains", "failures", "insights"] as const;
export type MemorySection = (typeof MEMORY_SECTIONS)[number];

const TITLES: Record<MemorySection, string> = {
  target: "Node to expand",
  path: "Ancestor path (root first)",
  tried: "Already tried from this node",
  siblings: "Siblings of this node",
  gains: "Biggest gains in the tree",
  failures: "Biggest failures in the tree",
  insights: "Insights",
};

export interface MemoryContext {
  text: string;
  tokens: number;
  /** node ids whose lines made it into the text */
  included: string[];
  omitted: Record<MemorySection, number>;
}

/** ~4 characters per token: close enough for budgeting English and JSON, and conservative for code. */
export const estimateTokens = (text: string) => Math.ceil(text.length / 4);

const fmt = (v: number | null) => (v === null ? "—" : v.toFixed(3));
const signed = (v: number) => `${v >= 0 ? "+" : ""}${v.toFixed(3)}`;

function deltaOf(n: NodeRecord, byId: Map<string, NodeRecord>): number | null {
  const p = n.parentId ? byId.get(n.parentId) : undefined;
  return n.score !== null && p?.score != null ? n.score - p.score : null;
}

function lines(n: NodeRecord, byId: Map<string, NodeRecord>): { full: string; brief: string } {
  const d = deltaOf(n, byId);
  const head = `#${n.ordinal} [${n.direction}] "${n.plan.title.slice(0, 80)}" ${n.status} score ${fmt(n.score)}${d === null ? "" : ` (${signed(d)} vs parent)`}`;
  const c = n.config;
  const cfg = `${c.baseModel} ${c.method} steps ${c.steps} lr ${c.learningRate} batch ${c.batchSize} dropout ${c.dropout} wd ${c.weightDecay} ls ${c.labelSmoothing}${n.plan.warmStart ? " warm-start" : ""}`;
  const diag = n.report?.diagnosis ? ` diagnosis: ${n.report.diagnosis.slice(0, 240)}` : "";
  const err = n.error ? ` error: ${n.error.slice(0, 200)}` : "";
  const groups = Object.entries(n.report?.errorGroups ?? {})
    .sort((a, b) => b[1] - a[1])
    .slice(0, 4)
    .map(([k, v]) => `${k}×${v}`)
    .join(", ");
  return {
    full: `${head}\n    ${cfg}; recipe: ${describeRecipe(n.recipe)}${groups ? `\n    top errors: ${groups}` : ""}${diag || err ? `\n   ${diag}${err}` : ""}`,
    brief: `${head}${err ? ` error: ${n.error?.slice(0, 80)}` : ""}`,
  };
}

export interface MemoryRequest {
  nodes: readonly NodeRecord[];
  targetId: string;
  insights: readonly MemoryInsight[];
  tokenBudget: number;
  /** key nodes per kind (gains, failures) before compression */
  keyNodes?: number;
}

export function memoryItems(req: MemoryRequest): MemoryItem[] {
  const byId = new Map(req.nodes.map((n) => [n.id, n]));
  const target = byId.get(req.targetId);
  if (!target) return [];
  const items: MemoryItem[] = [];
  const push = (section: MemorySection, n: NodeRecord, priority: number) =>
    items.push({ section, nodeId: n.id, priority, ...lines(n, byId) });

  push("target", target, 1000);
  const path: NodeRecord[] = [];
  for (
    let cur = target.parentId ? byId.get(target.parentId) : undefined;
    cur;
    cur = cur.parentId ? byId.get(cur.parentId) : undefined
  )
    path.unshift(cur);
  // the parent and the root matter most; the middle of a deep path least
  path.forEach((n, i) => push("path", n, i === path.length - 1 ? 300 : i === 0 ? 250 : 100 + i));
  const children = req.nodes.filter((n) => n.parentId === target.id);
  children.forEach((n) => push("tried", n, 240 - Math.min(n.round, 40)));
  const siblings = req.nodes.filter((n) => n.parentId !== null && n.parentId === target.parentId && n.id !== target.id);
  [...siblings].sort((a, b) => (b.score ?? -1) - (a.score ?? -1)).forEach((n, i) => push("siblings", n, 150 - i * 5));

  const k = req.keyNodes ?? 5;
  // key nodes are the rest of the tree: nothing listed above is repeated
  const shown = new Set([
    target.id,
    ...path.map((n) => n.id),
    ...children.map((n) => n.id),
    ...siblings.map((n) => n.id),
  ]);
  const scored = req.nodes
    .filter((n) => n.status === "succeeded" && !shown.has(n.id))
    .map((n) => ({ n, d: deltaOf(n, byId) }));
  const gains = scored
    .filter((x): x is { n: NodeRecord; d: number } => x.d !== null && x.d > 0)
    .sort((a, b) => b.d - a.d)
    .slice(0, k);
  gains.forEach(({ n }, i) => push("gains", n, 200 - i * 10));
  const failed = req.nodes.filter((n) => n.status === "failed" && !shown.has(n.id));
  const drops = scored
    .filter((x): x is { n: NodeRecord; d: number } => x.d !== null && x.d < -0.01)
    .sort((a, b) => a.d - b.d);
  [...failed.slice(-k).reverse(), ...drops.map((x) => x.n)]
    .slice(0, k)
    .forEach((n, i) => push("failures", n, 190 - i * 10));

  req.insights.forEach((ins, i) => {
    const text = `- ${ins.text}${
      ins.supportingNodeIds.length > 0
        ? ` (nodes: ${ins.supportingNodeIds
            .slice(0, 6)
            .map((id) => `#${byId.get(id)?.ordinal ?? "?"}`)
            .join(", ")})`
        : ""
    }`;
    items.push({ section: "insights", nodeId: null, priority: 220 - i * 8, full: text, brief: text.slice(0, 140) });
  });
  return items;
}

/** Greedy by priority: full if it fits, else brief, else omitted (and counted). */
export function buildMemoryContext(req: MemoryRequest): MemoryContext {
  const items = memoryItems(req);
  const omitted = Object.fromEntries(MEMORY_SECTIONS.map((s) => [s, 0])) as Record<MemorySection, number>;
  // room for section titles and omission notes
  let left = req.tokenBudget - 12 * MEMORY_SECTIONS.length;
  const chosen = new Map<MemoryItem, string>();
  for (const item of [...items].sort((a, b) => b.priority - a.priority)) {
    const full = estimateTokens(item.full) + 1;
    const brief = estimateTokens(item.brief) + 1;
    if (full <= left || item.section === "target") {
      chosen.set(item, item.full);
      left -= full;
    } else if (brief <= left) {
      chosen.set(item, item.brief);
      left -= brief;
    } else omitted[item.section]++;
  }
  const parts: string[] = [];
  for (const section of MEMORY_SECTIONS) {
    const inSection = items.filter((i) => i.section === section && chosen.has(i));
    if (inSection.length === 0 && omitted[section] === 0) continue;
    parts.push(`${TITLES[section]}:`);
    for (const i of inSection) parts.push(`  ${chosen.get(i)}`);
    if (omitted[section] > 0) parts.push(`  (${omitted[section]} more omitted to fit the context budget)`);
  }
  const text = parts.join("\n");
  const included = [...chosen.keys()].flatMap((i) => (i.nodeId ? [i.nodeId] : []));
  return { text, tokens: estimateTokens(text), included: [...new Set(included)], omitted };
}
