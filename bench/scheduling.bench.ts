/**
 * How long one scheduling decision takes at 1k and 10k nodes (target < 20 ms at 10k):
 * the pure policy over an in-memory tree, and the full decision that first reads the tree from SQLite.
 * Run: npx tsx bench/scheduling.bench.ts
 */
import fs from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { DEFAULT_POLICY_SETTINGS, POLICIES, selectNode, seededRng } from "../server/domain/tree/policies.ts";
import type { TreeNode } from "../server/domain/tree/tree.ts";
import { createTestDb } from "../server/testing/test-db.ts";
import { listTreeNodes } from "../server/repositories/node-repository.ts";

/** A random search tree: each new node hangs under a random earlier succeeded node, 4 siblings per round. */
export function syntheticTree(size: number, seed = 1): TreeNode[] {
  const rng = seededRng(seed);
  const nodes: TreeNode[] = [{ id: "n0", parentId: null, ordinal: 0, round: 0, status: "succeeded", score: 0.1 }];
  let round = 0;
  while (nodes.length < size) {
    round++;
    const parent = nodes[Math.floor(rng() * nodes.length)] ?? nodes[0];
    for (let k = 0; k < 4 && nodes.length < size; k++) {
      const failed = rng() < 0.1;
      nodes.push({
        id: `n${nodes.length}`,
        parentId: parent?.id ?? "n0",
        ordinal: nodes.length,
        round,
        status: failed ? "failed" : "succeeded",
        score: failed ? null : rng(),
      });
    }
  }
  return nodes;
}

function timeIt(fn: () => unknown, runs: number): { p50: number; p95: number; max: number } {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0;
  return { p50: at(0.5), p95: at(0.95), max: times[times.length - 1] ?? 0 };
}

async function main() {
  const rows: Record<string, unknown>[] = [];
  for (const size of [1_000, 10_000]) {
    const tree = syntheticTree(size);
    for (const policy of POLICIES) {
      const r = timeIt(() => selectNode(policy, tree, DEFAULT_POLICY_SETTINGS, seededRng(3)), 50);
      rows.push({ nodes: size, decision: `${policy} (in memory)`, ...r });
    }
    // the orchestrator's real path: read the tree's facts from SQLite, then decide
    const t = await createTestDb();
    const e = await t.db.exploration.create({
      data: { title: "bench", goal: "bench", taskId: "mini-sst2", baseModel: "tiny-base", budget: "{}" },
    });
    const ids = new Map<string, string>();
    for (let i = 0; i < tree.length; i += 500) {
      await t.db.node.createMany({
        data: tree.slice(i, i + 500).map((n) => ({
          id: `${e.id}-${n.id}`,
          explorationId: e.id,
          parentId: n.parentId ? `${e.id}-${n.parentId}` : null,
          ordinal: n.ordinal,
          round: n.round,
          direction: "x",
          plan: "{}",
          recipe: "{}",
          config: "{}",
          status: n.status,
          score: n.score,
          fingerprint: n.id,
        })),
      });
    }
    ids.clear();
    const times: number[] = [];
    for (let i = 0; i < 20; i++) {
      const t0 = performance.now();
      const nodes = await listTreeNodes(t.db, e.id);
      selectNode("mcts", nodes, DEFAULT_POLICY_SETTINGS, seededRng(3));
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    rows.push({
      nodes: size,
      decision: "mcts incl. SQLite read",
      p50: times[10] ?? 0,
      p95: times[18] ?? 0,
      max: times[19] ?? 0,
    });
    await t.cleanup();
  }
  console.table(
    rows.map((r) => ({
      ...r,
      p50: Number(r.p50).toFixed(2),
      p95: Number(r.p95).toFixed(2),
      max: Number(r.max).toFixed(2),
    })),
  );
  fs.mkdirSync(path.join("bench", "out"), { recursive: true });
  fs.writeFileSync(path.join("bench", "out", "scheduling.json"), JSON.stringify(rows, null, 2));
}

void main();
