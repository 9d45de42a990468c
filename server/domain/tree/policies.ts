/**
 * Search policies: pure functions from the tree to the node to expand next.
 * No I/O; randomness is passed in so every decision is reproducible in tests.
 */
import { LiveTree } from "./live-tree.ts";
import { bestNode, expansionsOf, reward, type TreeIndex, type TreeNode } from "./tree.ts";
import { uct } from "./uct.ts";

/**
 * mcts-cost: UCT whose value is penalised by the compute a branch costs; abmcts: at each node, Thompson sampling
 * between a new child (wider) and the best-sampled child (deeper), as in Sakana's AB-MCTS.
 */
export const POLICIES = ["mcts", "gbfs", "ses", "random", "mcts-cost", "abmcts"] as const;
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
export function selectMcts(
  input: PolicyInput,
  settings: PolicySettings,
  penalty: (id: string) => number = () => 0,
): Selection | null {
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
      ? uct(reward(cur) * Math.max(expansions, 1), Math.max(expansions, 1), parentVisits, c) - penalty(cur.id)
      : Number.NEGATIVE_INFINITY;
    let best: TreeNode | undefined;
    let bestValue = Number.NEGATIVE_INFINITY;
    for (const k of tree.children.get(cur.id) ?? []) {
      if (k.status !== "succeeded") continue;
      const s = stats.get(k.id) ?? { visits: 0, value: 0 };
      const v = uct(s.value, s.visits, parentVisits, c) - penalty(k.id);
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

/** How much compute-awareness weighs: a branch whose jobs cost twice the typical job loses this much value. */
const COST_WEIGHT = 0.05;

/**
 * Cost-aware UCT: each choice's UCT value less COST_WEIGHT x (the mean compute of the jobs in its subtree relative
 * to the tree's median job); expanding a node again is priced at that node's own cost.
 */
export function selectCostAwareMcts(input: PolicyInput, settings: PolicySettings): Selection | null {
  const index = liveTree(input);
  const nodes = index.nodes;
  const costs = nodes
    .filter((n) => n.status === "succeeded" && (n.computeSeconds ?? 0) > 0)
    .map((n) => n.computeSeconds ?? 0);
  if (costs.length === 0) return selectMcts(index, settings);
  const typical = [...costs].sort((a, b) => a - b)[Math.floor(costs.length / 2)] ?? 1;
  const mean = new Map<string, number>();
  const subtree = (id: string): { sum: number; count: number } => {
    let sum = 0;
    let count = 0;
    const stack = [id];
    while (stack.length) {
      const cur = stack.pop() ?? "";
      const n = index.byId.get(cur);
      if (n && (n.computeSeconds ?? 0) > 0) {
        sum += n.computeSeconds ?? 0;
        count++;
      }
      for (const k of index.children.get(cur) ?? []) stack.push(k.id);
    }
    return { sum, count };
  };
  const penalty = (id: string) => {
    let m = mean.get(id);
    if (m === undefined) {
      const { sum, count } = subtree(id);
      m = count > 0 ? sum / count : typical;
      mean.set(id, m);
    }
    return COST_WEIGHT * (m / typical);
  };
  const s = selectMcts(index, settings, penalty);
  return s ? { ...s, reason: `cost-aware ${s.reason}` } : null;
}

/** A Gamma(shape, 1) draw (Marsaglia and Tsang), from uniform draws of `rng`. */
function gamma(shape: number, rng: Rng): number {
  if (shape < 1) return gamma(shape + 1, rng) * rng() ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const u1 = Math.max(rng(), 1e-12);
    const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * rng());
    const v = (1 + c * z) ** 3;
    if (v <= 0) continue;
    if (Math.log(Math.max(rng(), 1e-12)) < 0.5 * z * z + d - d * v + d * Math.log(v)) return d * v;
  }
}

function beta(a: number, b: number, rng: Rng): number {
  const x = gamma(a, rng);
  return x / (x + gamma(b, rng));
}

/**
 * Adaptive branching (AB-MCTS, node aggregation with Beta posteriors): from the root down, draw a value for
 * "a new child here" (Beta over the scores of this node's children so far, scores as fractional successes, with
 * the node's own score as the prior) and one for each evaluated child (Beta over its subtree's scores). A new
 * child winning means widen here; else go deeper into the child drawn highest.
 */
export function selectAbMcts(input: PolicyInput, settings: PolicySettings, rng: Rng): Selection | null {
  const index = liveTree(input);
  const { root, stats } = index;
  if (!root || root.status !== "succeeded") return null;
  let cur: TreeNode = root;
  const trail: string[] = [];
  for (;;) {
    trail.push(`#${cur.ordinal}`);
    const kids = (index.children.get(cur.id) ?? []).filter((k) => k.status === "succeeded" || k.status === "failed");
    const wider = expandable(index, cur, settings)
      ? beta(
          1 + reward(cur) + kids.reduce((s, k) => s + reward(k), 0),
          1 + (1 - reward(cur)) + kids.reduce((s, k) => s + 1 - reward(k), 0),
          rng,
        )
      : Number.NEGATIVE_INFINITY;
    let best: TreeNode | undefined;
    let bestDraw = Number.NEGATIVE_INFINITY;
    for (const k of kids) {
      if (k.status !== "succeeded") continue;
      const s = stats.get(k.id) ?? { visits: 1, value: reward(k) };
      const draw = beta(1 + s.value, 1 + s.visits - s.value, rng);
      if (draw > bestDraw) {
        best = k;
        bestDraw = draw;
      }
    }
    if (!best || wider >= bestDraw) {
      if (wider === Number.NEGATIVE_INFINITY) break;
      return {
        nodeId: cur.id,
        reason: `AB-MCTS ${trail.join(" → ")}: a new child of #${cur.ordinal} drew ${wider.toFixed(3)}${best ? `, deeper drew at most ${bestDraw.toFixed(3)}` : ""}`,
      };
    }
    cur = best;
  }
  return selectGbfs(index, settings);
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
    case "mcts-cost":
      return selectCostAwareMcts(nodes, settings);
    case "abmcts":
      return selectAbMcts(nodes, settings, rng);
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
