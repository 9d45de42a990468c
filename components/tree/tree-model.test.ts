import { describe, expect, it } from "vitest";
import { syntheticTree } from "./synthetic-tree";
import { buildFlow, EMPTY_FLOW } from "./tree-flow";
import { bestPathIds, layoutKey, layoutTree, NODE_HEIGHT, NODE_WIDTH } from "./tree-layout";
import { ancestorsOf, NO_FILTER, searchTree, visibleTree, type TreeNodeView } from "./tree-visibility";

const view = (
  id: string,
  parentId: string | null,
  ordinal: number,
  status = "succeeded",
  score: number | null = 0.5,
): TreeNodeView => ({
  id,
  parentId,
  ordinal,
  status,
  direction: "tune_hyperparameters",
  title: `node ${ordinal}`,
  score,
  parentScore: null,
  progress: 0,
  reused: false,
  error: null,
  onBestPath: false,
});

// r ─ a ─ a1
//   │   └ a2 (failed)
//   └ b (0.9)
const small = [
  view("r", null, 0),
  view("a", "r", 1, "succeeded", 0.6),
  view("b", "r", 2, "succeeded", 0.9),
  view("a1", "a", 3, "running", null),
  view("a2", "a", 4, "failed", null),
];
const none = { collapsed: new Set<string>(), filter: NO_FILTER, matches: new Set<string>() };

describe("tree layout", () => {
  const overlaps = (positions: Map<string, { x: number; y: number }>) => {
    const boxes = [...positions.values()].sort((a, b) => a.x - b.x);
    for (let i = 0; i < boxes.length; i++) {
      const a = boxes[i];
      for (let j = i + 1; j < boxes.length; j++) {
        const b = boxes[j];
        if (!a || !b || b.x >= a.x + NODE_WIDTH) break;
        if (Math.abs(a.y - b.y) < NODE_HEIGHT) return true;
      }
    }
    return false;
  };

  it("vertical: children below and right of their parent, leaves stacked in a column, no overlaps", () => {
    const { positions, order } = layoutTree(small);
    expect(order[0]).toBe("r");
    const at = (id: string) => positions.get(id) ?? { x: NaN, y: NaN };
    expect(at("a").y).toBeGreaterThan(at("r").y);
    expect(at("a1").y).toBeGreaterThan(at("a").y);
    expect(at("a1").x).toBe(at("a2").x);
    expect(at("a2").y).toBeGreaterThan(at("a1").y);
    expect(at("b").x).toBeGreaterThan(at("r").x);
    expect(overlaps(positions)).toBe(false);
  });

  it("uses the height: 5,000 nodes lay out much less wide than a tidy tree, in either orientation without overlaps", () => {
    const big = syntheticTree(5000);
    const v = layoutTree(big, "vertical");
    const h = layoutTree(big, "horizontal");
    const extent = (p: Map<string, { x: number; y: number }>) => {
      const xs = [...p.values()].map((q) => q.x);
      const ys = [...p.values()].map((q) => q.y);
      return { w: Math.max(...xs) - Math.min(...xs) + NODE_WIDTH, h: Math.max(...ys) - Math.min(...ys) + NODE_HEIGHT };
    };
    const ev = extent(v.positions);
    // a tidy top-down tree of this shape is about 40 times wider than tall
    expect(ev.w / ev.h).toBeLessThan(8);
    expect(overlaps(v.positions)).toBe(false);
    expect(overlaps(h.positions)).toBe(false);
    expect(h.orientation).toBe("horizontal");
  });

  it("keys on the shape only", () => {
    const moved = small.map((v) => (v.id === "a1" ? { ...v, status: "succeeded", progress: 1 } : v));
    expect(layoutKey(moved)).toBe(layoutKey(small));
    expect(layoutKey([...small, view("c", "b", 5)])).not.toBe(layoutKey(small));
  });

  it("lays out 5,000 nodes fast (the bench measures it precisely)", () => {
    const big = syntheticTree(5000);
    const t0 = performance.now();
    const { positions } = layoutTree(big);
    expect(performance.now() - t0).toBeLessThan(1_000);
    expect(positions.size).toBe(5000);
  });

  it("finds the best path", () => {
    expect([...bestPathIds(small)].sort()).toEqual(["b", "r"]);
  });
});

describe("visibility", () => {
  it("keeps the ancestors of filtered nodes, dimmed", () => {
    const rows = visibleTree(small, { ...none, filter: { statuses: ["failed"], minScore: null } });
    expect(rows.map((r) => [r.id, r.dimmed])).toEqual([
      ["r", false],
      ["a", true],
      ["a2", false],
    ]);
  });

  it("filters by minimum score", () => {
    expect(visibleTree(small, { ...none, filter: { statuses: [], minScore: 0.8 } }).map((r) => r.id)).toEqual([
      "r",
      "b",
    ]);
  });

  it("hides a collapsed subtree and counts what is hidden", () => {
    const rows = visibleTree(small, { ...none, collapsed: new Set(["a"]) });
    expect(rows.map((r) => r.id)).toEqual(["r", "a", "b"]);
    expect(rows.find((r) => r.id === "a")).toMatchObject({ collapsed: true, hiddenCount: 2, childCount: 2 });
  });

  it("searches by ordinal and title", () => {
    expect(searchTree(small, "#3")).toEqual(["a1"]);
    expect(searchTree(small, "4")).toEqual(["a2"]);
    expect(searchTree(small, "NODE")).toHaveLength(5);
    expect(searchTree(small, "  ")).toEqual([]);
    expect(ancestorsOf(small, "a1")).toEqual(["a", "r"]);
  });
});

describe("flow elements", () => {
  it("keeps the identity of unchanged nodes and edges when one node's progress ticks", () => {
    const rows = visibleTree(small, none);
    const layout = layoutTree(rows);
    const first = buildFlow(rows, layout, null, EMPTY_FLOW);
    const ticked = visibleTree(
      small.map((v) => (v.id === "a1" ? { ...v, progress: 0.5 } : v)),
      none,
    );
    const second = buildFlow(ticked, layout, null, first);
    const changed = second.nodes.filter((n, i) => n !== first.nodes[i]).map((n) => n.id);
    expect(changed).toEqual(["a1"]);
    expect(second.edges.every((e, i) => e === first.edges[i])).toBe(true);
    // the edges did not change: the same array (React Flow re-indexes every edge of a new one)
    expect(second.edges).toBe(first.edges);
    expect(second.nodes).not.toBe(first.nodes);
    expect(buildFlow(ticked, layout, null, second).nodes).toBe(second.nodes);
  });

  it("re-creates only the nodes whose selection changed", () => {
    const rows = visibleTree(small, none);
    const layout = layoutTree(rows);
    const first = buildFlow(rows, layout, "a", EMPTY_FLOW);
    const second = buildFlow(rows, layout, "b", first);
    expect(
      second.nodes
        .filter((n, i) => n !== first.nodes[i])
        .map((n) => n.id)
        .sort(),
    ).toEqual(["a", "b"]);
    expect(second.nodes.find((n) => n.id === "b")?.selected).toBe(true);
  });
});
