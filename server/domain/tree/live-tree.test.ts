import { describe, expect, it } from "vitest";
import { LiveTree } from "./live-tree.ts";
import { seededRng } from "./policies.ts";
import { indexTree, subtreeStats, type TreeNode } from "./tree.ts";
import type { NodeStatus } from "../../contract/statuses.ts";

const STATUSES: NodeStatus[] = ["proposed", "approved", "queued", "running", "succeeded", "failed", "pruned"];

/** The statistics a from-scratch computation gives for the nodes reachable from the root. */
function fromScratch(nodes: readonly TreeNode[]) {
  return [...subtreeStats(indexTree([...nodes].sort((a, b) => a.ordinal - b.ordinal)))].sort(([a], [b]) =>
    a.localeCompare(b),
  );
}

function reachable(tree: LiveTree) {
  const ids = new Set(fromScratch(tree.nodes).map(([id]) => id));
  return [...tree.stats].filter(([id]) => ids.has(id)).sort(([a], [b]) => a.localeCompare(b));
}

describe("LiveTree", () => {
  it("keeps order, children and statistics equal to a rebuild through random additions and changes", () => {
    const rng = seededRng(11);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)] as T;
    const truth: TreeNode[] = [{ id: "n0", parentId: null, ordinal: 0, round: 0, status: "succeeded", score: 0.3 }];
    const tree = LiveTree.of(truth);
    for (let step = 0; step < 400; step++) {
      const existing = pick(truth);
      if (rng() < 0.5) {
        const status = pick(STATUSES);
        const changed = { ...existing, status, score: status === "succeeded" ? rng() : null };
        truth[truth.indexOf(existing)] = changed;
        expect(tree.upsert(changed)).toBe(true);
      } else {
        const node: TreeNode = {
          id: `n${truth.length}`,
          parentId: existing.id,
          ordinal: truth.length,
          round: step,
          status: "succeeded",
          score: rng(),
        };
        truth.push(node);
        tree.upsert(node);
      }
      expect(reachable(tree)).toEqual(fromScratch(truth));
    }
    expect(tree.nodes).toEqual(truth);
    expect(tree.root).toBe(truth[0]);
    for (const n of truth) expect(tree.byId.get(n.id)).toBe(n);
    expect(reachable(LiveTree.of([...truth].reverse()))).toEqual(fromScratch(truth));
    const rebuilt = indexTree(truth);
    for (const [id, kids] of rebuilt.children)
      expect(tree.children.get(id)?.map((k) => k.id)).toEqual(kids.map((k) => k.id));
  });

  it("takes a child before its parent and counts it in once the parent arrives", () => {
    const tree = new LiveTree();
    tree.upsert({ id: "c", parentId: "p", ordinal: 2, round: 1, status: "succeeded", score: 0.5 });
    tree.upsert({ id: "r", parentId: null, ordinal: 0, round: 0, status: "succeeded", score: 0.1 });
    tree.upsert({ id: "p", parentId: "r", ordinal: 1, round: 1, status: "failed", score: null });
    expect(tree.nodes.map((n) => n.id)).toEqual(["r", "p", "c"]);
    expect(tree.stats.get("r")).toEqual({ visits: 3, value: 0.1 + 0.5 });
  });

  it("changes its shape version on a new node or a status change only, and refuses a moved node", () => {
    const root: TreeNode = { id: "r", parentId: null, ordinal: 0, round: 0, status: "running", score: null };
    const tree = LiveTree.of([root]);
    const v0 = tree.shapeVersion;
    tree.upsert({ ...root, score: 0.2 });
    expect(tree.shapeVersion).toBe(v0);
    tree.upsert({ ...root, status: "succeeded", score: 0.2 });
    expect(tree.shapeVersion).not.toBe(v0);
    expect(LiveTree.of([root]).shapeVersion).not.toBe(LiveTree.of([root]).shapeVersion);
    expect(tree.upsert({ ...root, parentId: "elsewhere" })).toBe(false);
  });
});
