import { describe, expect, it } from "vitest";
import {
  DEFAULT_POLICY_SETTINGS,
  selectAbMcts,
  selectGbfs,
  selectMcts,
  selectNode,
  selectRandom,
  selectSes,
  seededRng,
} from "./policies.ts";
import { indexTree, subtreeStats, type TreeNode } from "./tree.ts";
import { uct } from "./uct.ts";

const n = (
  id: string,
  parentId: string | null,
  round: number,
  score: number | null,
  status: TreeNode["status"] = "succeeded",
  ordinal = 0,
): TreeNode => ({
  id,
  parentId,
  round,
  score,
  status,
  ordinal,
});

// root(0.2) → A(0.6), B(0.4); A → A1(0.7), A2(0.5)
const tree: TreeNode[] = [
  n("root", null, 0, 0.2, "succeeded", 0),
  n("A", "root", 1, 0.6, "succeeded", 1),
  n("B", "root", 1, 0.4, "succeeded", 2),
  n("A1", "A", 2, 0.7, "succeeded", 3),
  n("A2", "A", 2, 0.5, "succeeded", 4),
];

describe("uct", () => {
  it("matches the formula computed by hand", () => {
    // 1.8/3 + 0.5 * sqrt(ln 5 / 3) = 0.6 + 0.5 * 0.732456 = 0.966228
    expect(uct(1.8, 3, 5, 0.5)).toBeCloseTo(0.966228, 5);
    // 0.4 + 0.5 * sqrt(ln 5) = 0.4 + 0.634318
    expect(uct(0.4, 1, 5, 0.5)).toBeCloseTo(1.034318, 5);
    expect(uct(0, 0, 5, 0.5)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe("subtree statistics", () => {
  it("backs rewards up along the path; failures count as zero", () => {
    const stats = subtreeStats(indexTree([...tree, n("F", "B", 2, null, "failed", 5)]));
    expect(stats.get("A")).toEqual({ visits: 3, value: 0.6 + 0.7 + 0.5 });
    expect(stats.get("B")).toEqual({ visits: 2, value: 0.4 });
    expect(stats.get("root")?.visits).toBe(6);
  });
});

describe("mcts", () => {
  it("with c = 0.5 explores the less-visited branch B (UCT 1.034 > A 0.966 > re-expanding root 0.834)", () => {
    const s = selectMcts(tree, { ...DEFAULT_POLICY_SETTINGS, explorationConstant: 0.5 });
    expect(s?.nodeId).toBe("B");
  });
  it("with c = 0.1 exploits: A (0.673) then A1 (0.805 > stay on A 0.705 > A2 0.605)", () => {
    const s = selectMcts(tree, { ...DEFAULT_POLICY_SETTINGS, explorationConstant: 0.1 });
    expect(s?.nodeId).toBe("A1");
    expect(s?.reason).toContain("#0 → #1 → #3");
  });
  it("ignores pruned, failed and running children", () => {
    const t = [
      n("root", null, 0, 0.2),
      n("P", "root", 1, 0.99, "pruned"),
      n("R", "root", 1, null, "running"),
      n("F", "root", 1, null, "failed"),
    ];
    expect(selectMcts(t, DEFAULT_POLICY_SETTINGS)?.nodeId).toBe("root");
  });
  it("counts open nodes as a virtual loss: a plan made while A1's children train looks elsewhere", () => {
    const training = [
      n("r1", "A1", 3, null, "running"),
      n("r2", "A1", 3, null, "queued"),
      n("r3", "A1", 3, null, "approved"),
    ];
    const stats = subtreeStats(indexTree([...tree, ...training]));
    expect(stats.get("A1")).toEqual({ visits: 4, value: 0.7 });
    // without them c = 0.1 exploits A1 (test above); with them A's mean falls to 0.3 and B (0.544) wins
    expect(selectMcts([...tree, ...training], { ...DEFAULT_POLICY_SETTINGS, explorationConstant: 0.1 })?.nodeId).toBe(
      "B",
    );
  });
  it("returns nothing until the baseline has succeeded", () => {
    expect(selectMcts([n("root", null, 0, null, "running")], DEFAULT_POLICY_SETTINGS)).toBeNull();
  });
  it("stops re-expanding a node after maxExpansionsPerNode", () => {
    const t = [n("root", null, 0, 0.9), n("a", "root", 1, 0.1), n("b", "root", 2, 0.1)];
    expect(selectMcts(t, { ...DEFAULT_POLICY_SETTINGS, maxExpansionsPerNode: 2 })?.nodeId).not.toBe("root");
  });
});

describe("other policies", () => {
  it("gbfs picks the best-scoring expandable node", () => {
    expect(selectGbfs(tree, DEFAULT_POLICY_SETTINGS)?.nodeId).toBe("A1");
  });
  it("ses refines the best node of the latest round", () => {
    expect(selectSes([...tree, n("B1", "B", 3, 0.1, "succeeded", 5)], DEFAULT_POLICY_SETTINGS)?.nodeId).toBe("B1");
  });
  it("random is reproducible for a seed and covers the candidates", () => {
    const a = selectRandom(tree, DEFAULT_POLICY_SETTINGS, seededRng(7))?.nodeId;
    const b = selectRandom(tree, DEFAULT_POLICY_SETTINGS, seededRng(7))?.nodeId;
    expect(a).toBe(b);
    const seen = new Set(
      Array.from({ length: 50 }, (_, i) => selectRandom(tree, DEFAULT_POLICY_SETTINGS, seededRng(i))?.nodeId),
    );
    expect(seen.size).toBe(5);
  });
  it("selectNode dispatches on the policy name", () => {
    expect(selectNode("gbfs", tree, DEFAULT_POLICY_SETTINGS, seededRng(1))?.nodeId).toBe("A1");
  });
});

describe("cost-aware UCT", () => {
  // two equally good branches: A's jobs cost ten times B's
  const priced: TreeNode[] = [
    { ...n("root", null, 0, 0.2, "succeeded", 0), computeSeconds: 5 },
    { ...n("A", "root", 1, 0.6, "succeeded", 1), computeSeconds: 100 },
    { ...n("B", "root", 1, 0.6, "succeeded", 2), computeSeconds: 10 },
    { ...n("A1", "A", 2, 0.6, "succeeded", 3), computeSeconds: 100 },
    { ...n("B1", "B", 2, 0.6, "succeeded", 4), computeSeconds: 10 },
  ];
  const settings = { ...DEFAULT_POLICY_SETTINGS, maxExpansionsPerNode: 1 };

  it("prefers the cheaper of two equal branches where plain UCT takes the first", () => {
    expect(selectMcts(priced, settings)?.nodeId).toBe("A1");
    const s = selectNode("mcts-cost", priced, settings, seededRng(1));
    expect(s?.nodeId).toBe("B1");
    expect(s?.reason).toMatch(/^cost-aware UCT descent/);
  });

  it("is plain UCT while no job has a cost", () => {
    expect(selectNode("mcts-cost", tree, DEFAULT_POLICY_SETTINGS, seededRng(1))).toEqual(
      selectMcts(tree, DEFAULT_POLICY_SETTINGS),
    );
  });
});

describe("AB-MCTS (Thompson sampling between wider and deeper)", () => {
  it("is reproducible from its seed and only picks expandable nodes", () => {
    const a = [1, 2, 3, 4, 5].map((s) => selectNode("abmcts", tree, DEFAULT_POLICY_SETTINGS, seededRng(s))?.nodeId);
    const b = [1, 2, 3, 4, 5].map((s) => selectNode("abmcts", tree, DEFAULT_POLICY_SETTINGS, seededRng(s))?.nodeId);
    expect(a).toEqual(b);
    const index = indexTree(tree);
    for (const id of a) expect(index.byId.get(id ?? "")?.status).toBe("succeeded");
  });

  it("goes deeper into a strong child more often than it widens under a weak parent", () => {
    // root(0.1) with children that all scored 0.9: widening the root draws around 0.8, the subtree near 0.9
    const strong: TreeNode[] = [
      n("root", null, 0, 0.1, "succeeded", 0),
      ...[1, 2, 3].map((i) => n(`K${i}`, "root", 1, 0.9, "succeeded", i)),
      n("W", "root", 2, 0.05, "succeeded", 4),
    ];
    const picks = Array.from(
      { length: 200 },
      (_, s) => selectAbMcts(strong, DEFAULT_POLICY_SETTINGS, seededRng(s))?.nodeId,
    );
    const deeper = picks.filter((p) => p?.startsWith("K")).length;
    expect(deeper).toBeGreaterThan(100);
    // and it still widens sometimes: exploration is the point of the draw
    expect(picks.filter((p) => p === "root" || p === "W").length).toBeGreaterThan(0);
  });

  it("widens when every node below is exhausted", () => {
    const s = selectAbMcts([n("root", null, 0, 0.3, "succeeded", 0)], DEFAULT_POLICY_SETTINGS, seededRng(3));
    expect(s?.nodeId).toBe("root");
  });
});
