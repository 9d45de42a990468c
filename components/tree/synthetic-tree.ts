/** Pure: a deterministic, MCTS-shaped synthetic tree of n nodes (benchmarks and the canvas bench page). */
import type { TreeNodeView } from "./tree-visibility";

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DIRECTIONS = ["tune_hyperparameters", "add_data", "clean_data", "change_method", "change_base"];
const STATUSES = ["succeeded", "succeeded", "succeeded", "succeeded", "failed", "pruned", "succeeded", "cancelled"];

export function syntheticTree(n: number, seed = 1): TreeNodeView[] {
  const rand = mulberry32(seed);
  const views: TreeNodeView[] = [
    {
      id: "n0",
      parentId: null,
      ordinal: 0,
      status: "succeeded",
      direction: "baseline",
      title: "Baseline: the untouched base model",
      score: 0.5,
      parentScore: null,
      progress: 1,
      reused: false,
      error: null,
      onBestPath: false,
    },
  ];
  const expandable = [0];
  while (views.length < n) {
    // expand a good node: pick the best of three random candidates (a cheap stand-in for UCT)
    let pick = expandable[Math.floor(rand() * expandable.length)] ?? 0;
    for (let k = 0; k < 2; k++) {
      const other = expandable[Math.floor(rand() * expandable.length)] ?? 0;
      if ((views[other]?.score ?? 0) > (views[pick]?.score ?? 0)) pick = other;
    }
    const parent = views[pick];
    if (!parent) break;
    const siblings = Math.min(3 + Math.floor(rand() * 3), n - views.length);
    for (let s = 0; s < siblings; s++) {
      const ordinal = views.length;
      const status = STATUSES[Math.floor(rand() * STATUSES.length)] ?? "succeeded";
      const score =
        status === "succeeded" ? Math.min(0.99, Math.max(0.3, (parent.score ?? 0.5) + (rand() - 0.45) * 0.08)) : null;
      views.push({
        id: `n${ordinal}`,
        parentId: parent.id,
        ordinal,
        status,
        direction: DIRECTIONS[Math.floor(rand() * DIRECTIONS.length)] ?? "tune_hyperparameters",
        title: `Experiment ${ordinal}: lr ${(rand() * 5).toFixed(1)}e-3, ${Math.floor(rand() * 400) + 50} steps`,
        score,
        parentScore: parent.score,
        progress: 1,
        reused: rand() < 0.05,
        error: status === "failed" ? "worker exited with code 1" : null,
        onBestPath: false,
      });
      if (status === "succeeded") expandable.push(ordinal);
    }
  }
  // the newest few are live: running with progress, or waiting for review
  for (let i = Math.max(1, views.length - 4); i < views.length; i++) {
    const v = views[i];
    if (v) views[i] = { ...v, status: i % 2 === 0 ? "running" : "awaiting_review", score: null, progress: 0.4 };
  }
  return views;
}
