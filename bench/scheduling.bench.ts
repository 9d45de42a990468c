/**
 * How long one scheduling decision takes at 1k and 10k nodes (target < 20 ms p95 at 10k):
 * the pure policy over an in-memory tree, and the decision including reading the tree, on SQLite and PostgreSQL:
 * a full read of the tree's facts each time, and the orchestrator's way, its incremental copy
 * (services/tree-cache.ts, a LiveTree whose statistics are kept with it), with one node's status and score written
 * between two decisions (a job finishing). Wall time and this process's CPU time per decision (on a shared, loaded
 * machine the CPU time is the steadier figure; SQLite runs in the process, a PostgreSQL server does not).
 * Run: npx tsx bench/scheduling.bench.ts   (BENCH_DATABASES=sqlite,postgres; PostgreSQL 15 from scripts/setup.sh)
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { DEFAULT_POLICY_SETTINGS, POLICIES, selectNode, seededRng } from "../server/domain/tree/policies.ts";
import type { TreeNode } from "../server/domain/tree/tree.ts";
import { LiveTree } from "../server/domain/tree/live-tree.ts";
import pg from "pg";
import { createTestDb } from "../server/testing/test-db.ts";
import { startPostgresServer } from "../server/testing/postgres-server.ts";
import { postgresMigrationScripts } from "../server/testing/postgres-global-setup.ts";
import { createDb, type Db } from "../server/db.ts";
import { listTreeNodes } from "../server/repositories/node-repository.ts";
import { clearTreeCache, currentTree } from "../server/services/tree-cache.ts";
import { BASE_RECIPE, baseConfig } from "../server/agents/testing/fixtures.ts";

const DATABASES = (process.env.BENCH_DATABASES ?? "sqlite,postgres").split(",");

/** A migrated database of the kind: SQLite in a temp folder, or a database on a PostgreSQL started here. */
async function benchDatabase(kind: string): Promise<{ db: Db; cleanup: () => Promise<void> }> {
  if (kind === "sqlite") return createTestDb();
  const server = await startPostgresServer();
  const admin = new pg.Client({ connectionString: server.adminUrl });
  await admin.connect();
  await admin.query("CREATE DATABASE bench");
  await admin.end();
  const setup = new pg.Client({ connectionString: server.urlFor("bench") });
  await setup.connect();
  for (const sql of postgresMigrationScripts()) await setup.query(sql);
  await setup.end();
  const db = createDb(server.urlFor("bench"));
  return {
    db,
    cleanup: async () => {
      await db.$disconnect();
      await server.stop();
    },
  };
}

function quantiles(times: number[]) {
  const v = [...times].sort((a, b) => a - b);
  const at = (q: number) => v[Math.min(v.length - 1, Math.max(0, Math.ceil(q * v.length) - 1))] ?? 0;
  return { p50: at(0.5), p95: at(0.95), max: v[v.length - 1] ?? 0 };
}

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

/** This process's CPU milliseconds since `c0` (SQLite runs in it; a PostgreSQL server's share is not counted). */
function cpuMs(c0: NodeJS.CpuUsage): number {
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
}

function cpuQuantiles(times: number[]) {
  const q = quantiles(times);
  return { cpuP50: q.p50, cpuP95: q.p95 };
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
  const startLoad = os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(" ");
  const rows: Record<string, unknown>[] = [];
  for (const size of [1_000, 10_000]) {
    const tree = syntheticTree(size);
    for (const policy of POLICIES) {
      const r = timeIt(() => selectNode(policy, tree, DEFAULT_POLICY_SETTINGS, seededRng(3)), 50);
      rows.push({ nodes: size, decision: `${policy} (in memory, tree built)`, ...r });
    }
    // the orchestrator's way in memory: the tree is kept (LiveTree), one node changes, then the selection
    const kept = LiveTree.of(tree);
    const rng = seededRng(7);
    const r = timeIt(() => {
      const n = tree[Math.floor(rng() * tree.length)];
      if (n) kept.upsert({ ...n, status: "succeeded", score: rng() });
      selectNode("mcts", kept, DEFAULT_POLICY_SETTINGS, seededRng(3));
    }, 200);
    rows.push({ nodes: size, decision: "mcts (in memory, kept tree, one node changed)", ...r });
  }
  for (const kind of DATABASES) {
    const { db, cleanup } = await benchDatabase(kind);
    try {
      for (const size of [1_000, 10_000]) rows.push(...(await decisionsOn(db, kind, size)));
    } finally {
      await cleanup();
    }
  }
  const load = os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(" ");
  console.log(`load average at the end: ${load} (at the start: ${startLoad})`);
  console.table(
    rows.map((r) => ({
      ...r,
      p50: Number(r.p50).toFixed(2),
      p95: Number(r.p95).toFixed(2),
      max: Number(r.max).toFixed(2),
      ...(r.cpuP50 === undefined ? {} : { cpuP50: Number(r.cpuP50).toFixed(2), cpuP95: Number(r.cpuP95).toFixed(2) }),
    })),
  );
  fs.mkdirSync(path.join("bench", "out"), { recursive: true });
  fs.writeFileSync(
    path.join("bench", "out", "scheduling.json"),
    JSON.stringify({ load: { start: startLoad, end: load }, rows }, null, 2),
  );
}

/** A tree of `size` nodes stored in `db`, then decisions timed: full read + MCTS, and incremental copy + MCTS. */
async function decisionsOn(db: Db, kind: string, size: number): Promise<Record<string, unknown>[]> {
  const tree = syntheticTree(size);
  const e = await db.exploration.create({
    data: { title: "bench", goal: "bench", taskId: "mini-sst2", baseModel: "tiny-base", budget: "{}" },
  });
  for (let i = 0; i < tree.length; i += 500) {
    await db.node.createMany({
      data: tree.slice(i, i + 500).map((n) => ({
        id: `${e.id}-${n.id}`,
        explorationId: e.id,
        parentId: n.parentId ? `${e.id}-${n.parentId}` : null,
        ordinal: n.ordinal,
        round: n.round,
        direction: "x",
        plan: JSON.stringify({ title: `node ${n.ordinal}`, rationale: "bench", hypotheses: [] }),
        recipe: JSON.stringify(BASE_RECIPE),
        config: JSON.stringify(baseConfig()),
        status: n.status,
        score: n.score,
        fingerprint: n.id,
        // written before this decision's margin for late commits (services/tree-cache.ts), as an older tree's are
        updatedAt: new Date(Date.now() - 3_600_000),
      })),
    });
  }
  const full: number[] = [];
  const fullCpu: number[] = [];
  for (let i = 0; i < 20; i++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    selectNode("mcts", await listTreeNodes(db, e.id), DEFAULT_POLICY_SETTINGS, seededRng(3));
    fullCpu.push(cpuMs(c0));
    full.push(performance.now() - t0);
  }
  clearTreeCache();
  await currentTree(db, e.id); // the first decision after a start reads the whole tree once
  const incremental: number[] = [];
  const incrementalCpu: number[] = [];
  const rng = seededRng(5);
  for (let i = 0; i < 50; i++) {
    // between two decisions a job finishes: one node's status and score change (a versioned write)
    const n = tree[Math.floor(rng() * tree.length)];
    await db.node.update({
      where: { id: `${e.id}-${n?.id}` },
      data: { score: rng(), status: "succeeded", version: { increment: 1 } },
    });
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    selectNode("mcts", await currentTree(db, e.id), DEFAULT_POLICY_SETTINGS, seededRng(3));
    incrementalCpu.push(cpuMs(c0));
    incremental.push(performance.now() - t0);
  }
  return [
    { nodes: size, decision: `mcts incl. full ${kind} read`, ...quantiles(full), ...cpuQuantiles(fullCpu) },
    {
      nodes: size,
      decision: `mcts incl. incremental ${kind} copy`,
      ...quantiles(incremental),
      ...cpuQuantiles(incrementalCpu),
    },
  ];
}

if (process.argv[1]?.endsWith("scheduling.bench.ts")) void main();
