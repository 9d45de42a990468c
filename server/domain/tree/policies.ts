/**
 * Search policies: pure functions from the tree to the node to expand next.
 * No I/O; randomness is passed in so every decision is reproducible in tests.
 */
import { bestNode, expansionsOf, indexTree, reward, subtreeStats, type TreeIndex, type TreeNode } from "./tree.ts";
import { uct } from "./uct.ts";

export const POLICIES = ["mcts", "gbfs", "ses", "random"] as const;
export type PolicyName = (typeof POLICIES)[number];

export interface PolicySettings {
  /** UCT exploration constant */
  explorationConstant: number;
  /** the most times any node is expanded */
  maxExpansionsPerNode: number;
}

export const DEFAULT_POLICY_SETTINGS: PolicySettings = { explorationConstant: 0.5, maxExpansionsPerNode: 3 };

export type Rng = () => number;

export interface Selection {
  nodeId: string;
  /** why this node, in words a reviewer can read */
  reason: string;
}

function expandable(index: TreeIndex, n: TreeNode, settings: PolicySettings): boolean {
  return n.status === "succeeded" && expansionsOf(index, n.id) < settings.maxExpansionsPerNode;
}

/**
 * UCT descent from the root. At each node the choices are its evaluated children and "expand this node
 * again", a virtual child whose value is the node's own reward and whose visits are its expansions so far.
 * The descent stops where expanding wins, or at a node with no evaluated children.
 */
export function selectMcts(nodes: readonly TreeNode[], settings: PolicySettings): Selection | null {
  const index = indexTree(nodes);
  const root = index.root;
  if (!root || root.status !== "succeeded") return null;
  const stats = subtreeStats(index);
  const c = settings.explorationConstant;
  let cur: TreeNode = root;
  const trail: string[] = [];
  for (;;) {
    const parentVisits = stats.get(cur.id)?.visits ?? 1;
    const expansions = expansionsOf(index, cur.id);
    const stayValue = expandable(index, cur, settings)
      ? uct(reward(cur) * Math.max(expansions, 1), Math.max(expansions, 1), parentVisits, c)
      : Number.NEGATIVE_INFINITY;
    let best: TreeNode | undefined;
    let bestValue = Number.NEGATIVE_INFINITY;
    for (const k of index.children.get(cur.id) ?? []) {
      if (k.status !== "succeeded") continue;
      const s = stats.get(k.id) ?? { visits: 0, value: 0 };
      const v = uct(s.value, s.visits, parentVisits, c);
      if (v > bestValue) {
        best = k;
        bestValue = v;
      }
    }
    trail.push(`#${cur.ordinal}`);
    if (!best || stayValue >= bestValue) {
      if (stayValue === Number.NEGATIVE_INFINITY) break;
      return {
        nodeId: cur.id,
        reason: `UCT descent ${trail.join(" → ")}: expanding #${cur.ordinal} (UCT ${stayValue.toFixed(3)}) beats its children${best ? ` (best ${bestValue.toFixed(3)})` : ""}`,
      };
    }
    cur = best;
  }
  // The descent ended on a node that cannot grow any more: fall back to the best expandable node.
  return selectGbfs(nodes, settings);
}

export function selectGbfs(nodes: readonly TreeNode[], settings: PolicySettings): Selection | null {
  const index = indexTree(nodes);
  const candidates = nodes.filter((n) => expandable(index, n, settings));
  const best = bestNode(candidates);
  return best
    ? { nodeId: best.id, reason: `highest score so far (${best.score?.toFixed(3)}) among expandable nodes` }
    : null;
}

export function selectSes(nodes: readonly TreeNode[], settings: PolicySettings): Selection | null {
  const index = indexTree(nodes);
  const lastRound = Math.max(-1, ...nodes.filter((n) => n.status === "succeeded").map((n) => n.round));
  const best = bestNode(nodes.filter((n) => n.round === lastRound && expandable(index, n, settings)));
  return best
    ? { nodeId: best.id, reason: `refine the best node of the latest round (${lastRound})` }
    : selectGbfs(nodes, settings);
}

export function selectRandom(nodes: readonly TreeNode[], settings: PolicySettings, rng: Rng): Selection | null {
  const index = indexTree(nodes);
  const candidates = nodes.filter((n) => expandable(index, n, settings));
  if (candidates.length === 0) return null;
  const pick = candidates[Math.min(candidates.length - 1, Math.floor(rng() * candidates.length))];
  return pick ? { nodeId: pick.id, reason: "uniformly random expandable node" } : null;
}

export function selectNode(
  policy: PolicyName,
  nodes: readonly TreeNode[],
  settings: PolicySettings,
  rng: Rng,
): Selection | null {
  switch (policy) {
    case "mcts":
      return selectMcts(nodes, settings);
    case "gbfs":
      return selectGbfs(nodes, settings);
    case "ses":
      return selectSes(nodes, settings);
    case "random":
      return selectRandom(nodes, settings, rng);
  }
}

/** A small seeded generator (mulberry32) for reproducible policies and plans. */
export function seededRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
