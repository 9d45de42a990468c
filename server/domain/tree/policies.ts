/**
 * Search policies: pure functions from the tree to the node to expand next.
 * No I/O; randomness is passed in so every decision is reproducible in tests.
 */
import { LiveTree } from "./live-tree.ts";
import { bestNode, expansionsOf, reward, type TreeIndex, type TreeNode } from "./tree.ts";
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

/** The nodes as they are, or a tree kept current with its statistics (services/tree-cache.ts keeps one per exploration). */
export type PolicyInput = readonly TreeNode[] | LiveTree;

const liveTree = (input: PolicyInput): LiveTree => (input instanceof LiveTree ? input : LiveTree.of(input));

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
export function selectMcts(input: PolicyInput, settings: PolicySettings): Selection | null {
  const tree = liveTree(input);
  const { root, stats } = tree;
  if (!root || root.status !== "succeeded") return null;
  const c = settings.explorationConstant;
  let cur: TreeNode = root;
  const trail: string[] = [];
  for (;;) {
    const parentVisits = stats.get(cur.id)?.visits ?? 1;
    const expansions = expansionsOf(tree, cur.id);
    const stayValue = expandable(tree, cur, settings)
      ? uct(reward(cur) * Math.max(expansions, 1), Math.max(expansions, 1), parentVisits, c)
      : Number.NEGATIVE_INFINITY;
    let best: TreeNode | undefined;
    let bestValue = Number.NEGATIVE_INFINITY;
    for (const k of tree.children.get(cur.id) ?? []) {
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
  return selectGbfs(tree, settings);
}

export function selectGbfs(input: PolicyInput, settings: PolicySettings): Selection | null {
  const index = liveTree(input);
  const candidates = index.nodes.filter((n) => expandable(index, n, settings));
  const best = bestNode(candidates);
  return best
    ? { nodeId: best.id, reason: `highest score so far (${best.score?.toFixed(3)}) among expandable nodes` }
    : null;
}

export function selectSes(input: PolicyInput, settings: PolicySettings): Selection | null {
  const index = liveTree(input);
  const nodes = index.nodes;
  const lastRound = nodes.reduce((r, n) => (n.status === "succeeded" ? Math.max(r, n.round) : r), -1);
  const best = bestNode(nodes.filter((n) => n.round === lastRound && expandable(index, n, settings)));
  return best
    ? { nodeId: best.id, reason: `refine the best node of the latest round (${lastRound})` }
    : selectGbfs(index, settings);
}

export function selectRandom(input: PolicyInput, settings: PolicySettings, rng: Rng): Selection | null {
  const index = liveTree(input);
  const candidates = index.nodes.filter((n) => expandable(index, n, settings));
  if (candidates.length === 0) return null;
  const pick = candidates[Math.min(candidates.length - 1, Math.floor(rng() * candidates.length))];
  return pick ? { nodeId: pick.id, reason: "uniformly random expandable node" } : null;
}

export function selectNode(
  policy: PolicyName,
  nodes: PolicyInput,
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
