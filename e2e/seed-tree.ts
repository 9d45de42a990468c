/**
 * For the specs that need a large or varied tree without training it: an exploration created through the API
 * and stopped, then filled straight in the e2e server's SQLite database (playwright.config.ts shares its folder)
 * with nodes that differ in every training parameter and recipe, metrics, bad cases, cost, and for the first
 * few a job folder whose events.jsonl holds loss and validation curves.
 */
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import type { APIRequestContext } from "@playwright/test";
import { syntheticTree } from "../components/tree/synthetic-tree";
import { started, stopExploration, trpcMutation } from "./helpers";

export interface SeededTree {
  id: string;
  /** node ids by ordinal */
  ids: string[];
  /** ordinals of the nodes that have loss and validation curves */
  withCurves: number[];
}

const METHODS = ["full", "lora", "qlora"];
const MODELS = ["tiny-base", "tiny-large"];
const OPS = [
  { op: "dedup", mode: "exact", threshold: 0.9 },
  { op: "filter", rule: "valid_label", field: "output" },
  { op: "balance", field: "output" },
  { op: "augment", kind: "task", factor: 1, seed: 0 },
];
const ERRORS = ["negation", "intensifier", "format", "sarcasm"];

function dataDir(): string {
  const dir = process.env.TREX_E2E_DATA_DIR;
  if (!dir) throw new Error("TREX_E2E_DATA_DIR is unset: run the specs through playwright.config.ts");
  return dir;
}

/** the seeded loss of node ordinal `i` at `step`: what a chart's hover read-out must show */
export const seededLoss = (i: number, steps: number, step: number) =>
  0.2 + i * 0.03 + 2.2 * Math.exp(-step / (steps / 5)) + 0.05 * Math.sin(step);

function eventsFile(i: number, steps: number, score: number): string {
  const lines: string[] = [];
  for (let step = 1; step <= steps; step++) {
    const loss = seededLoss(i, steps, step);
    lines.push(
      JSON.stringify({
        type: "progress",
        t: 1_700_000_000 + step,
        step,
        totalSteps: steps,
        loss,
        lr: 0.003 * Math.min(1, step / 10),
        tokensPerSecond: 5000,
      }),
    );
    if (step % Math.ceil(steps / 4) === 0 || step === steps) {
      lines.push(
        JSON.stringify({
          type: "eval",
          t: 1_700_000_000 + step,
          split: "validation",
          step,
          metrics: { accuracy: score * (0.6 + (0.4 * step) / steps) },
        }),
        JSON.stringify({ type: "validation", t: 1_700_000_000 + step, step, loss: seededLoss(i, steps, step) + 0.1 }),
      );
    }
  }
  return `${lines.join("\n")}\n`;
}

/** `size` nodes (root included); the first `curves` scored nodes after the root get a job with events. */
export async function seedTree(
  request: APIRequestContext,
  title: string,
  size: number,
  curves = 6,
): Promise<SeededTree> {
  const { id } = await trpcMutation<{ id: string }>(request, "exploration.create", {
    title,
    goal: "Classify short reviews as positive or negative; maximise accuracy.",
    taskId: "mini-sst2",
    approvalMode: "review-each-expansion",
    budget: { rounds: 2, trainingRuns: 6, computeSeconds: 1800, wallSeconds: 3600, tokens: 200_000 },
  });
  started.push(id);
  return fillSeededTree(request, id, size, curves);
}

/** Stops the exploration `id` and replaces what it proposed with a seeded tree of `size` nodes (root included). */
export async function fillSeededTree(
  request: APIRequestContext,
  id: string,
  size: number,
  curves = 6,
): Promise<SeededTree> {
  await stopExploration(request, id);
  const db = new Database(path.join(dataDir(), "trex.db"));
  db.pragma("busy_timeout = 10000");
  db.pragma("foreign_keys = ON");
  const withCurves: number[] = [];
  try {
    const root = db
      .prepare("SELECT id, recipe, config, createdAt, updatedAt FROM Node WHERE explorationId = ? AND parentId IS NULL")
      .get(id) as { id: string; recipe: string; config: string; createdAt: unknown; updatedAt: unknown } | undefined;
    if (!root) throw new Error("the exploration has no root");
    const baseConfig = JSON.parse(root.config) as Record<string, unknown>;
    const tree = syntheticTree(size);
    const ids = tree.map((n) => (n.ordinal === 0 ? root.id : `${id}-${n.id}`));
    const insertNode = db.prepare(
      `INSERT INTO Node (id, explorationId, parentId, ordinal, round, direction, plan, recipe, config, status, metrics, score, testScore, report, progress, computeSeconds, tokens, fingerprint, version, createdAt, updatedAt)
       VALUES (@id, @explorationId, @parentId, @ordinal, @round, @direction, @plan, @recipe, @config, @status, @metrics, @score, @testScore, @report, @progress, @computeSeconds, @tokens, @fingerprint, 0, @createdAt, @updatedAt)`,
    );
    const updateRoot = db.prepare(
      // a fingerprint of its own: a seeded root has no weights, and a real exploration must never reuse it as its baseline
      "UPDATE Node SET status = 'succeeded', score = 0.5, testScore = 0.48, metrics = ?, computeSeconds = 4, progress = 1, fingerprint = 'seeded-' || id WHERE id = ?",
    );
    const insertJob = db.prepare(
      "INSERT INTO Job (id, nodeId, runnerKind, externalId, status, workDir, createdAt) VALUES (?, ?, 'local', NULL, 'succeeded', ?, ?)",
    );
    db.transaction(() => {
      // whatever the first expansion proposed before the stop makes way for the seeded tree
      db.prepare("DELETE FROM Node WHERE explorationId = ? AND parentId IS NOT NULL").run(id);
      updateRoot.run(JSON.stringify({ validation: { accuracy: 0.5 }, test: { accuracy: 0.48 } }), root.id);
      tree.forEach((n, i) => {
        if (n.ordinal === 0) return;
        const score = n.status === "succeeded" || n.status === "running" ? (n.score ?? 0.55) : null;
        const config = {
          ...baseConfig,
          method: METHODS[i % METHODS.length],
          baseModel: MODELS[i % 7 === 0 ? 1 : 0],
          steps: 40 + (i % 5) * 20,
          batchSize: [8, 16, 32][i % 3],
          learningRate: Number((0.001 * (1 + (i % 4))).toFixed(4)),
          ...(i % 3 !== 0 ? { loraRank: 4 * (1 + (i % 4)) } : {}),
        };
        const recipe = {
          operators: [{ op: "load", source: "task:train" }, ...OPS.filter((_, k) => (i >> k) % 2 === 1)],
        };
        const errorGroups = Object.fromEntries(ERRORS.map((e, k) => [e, (i * (k + 3)) % 11]));
        const report = {
          errorGroups,
          badCases: ERRORS.slice(0, 3).map((e, k) => ({
            input: `review ${i}.${k}: not bad at all, "quoted", with a comma`,
            expected: "positive",
            predicted: "negative",
            errorType: e,
          })),
          diagnosis: `node ${n.ordinal}: errors mostly on ${ERRORS[i % ERRORS.length]}`,
        };
        insertNode.run({
          id: ids[i],
          explorationId: id,
          parentId: n.parentId ? (ids[Number(n.parentId.slice(1))] ?? root.id) : root.id,
          ordinal: n.ordinal,
          round: 1 + Math.floor(Math.log2(n.ordinal + 1)),
          direction: n.direction,
          plan: JSON.stringify({ title: n.title, rationale: "seeded by the e2e spec", hypotheses: [] }),
          recipe: JSON.stringify(recipe),
          config: JSON.stringify(config),
          status: n.status === "awaiting_review" ? "awaiting_review" : n.status,
          metrics:
            score === null
              ? null
              : JSON.stringify({ validation: { accuracy: score }, test: { accuracy: score - 0.02 } }),
          score,
          testScore: score === null ? null : score - 0.02,
          report: JSON.stringify(report),
          progress: n.status === "running" ? 0.4 : 1,
          computeSeconds: n.status === "pruned" ? 0 : 20 + (i % 9) * 7,
          tokens: n.status === "pruned" ? 0 : 10_000 + i * 37,
          fingerprint: `${id}-${n.id}`,
          createdAt: root.createdAt,
          updatedAt: root.updatedAt,
        });
        if (withCurves.length < curves && score !== null) {
          withCurves.push(n.ordinal);
          const workDir = path.join(dataDir(), "seeded-jobs", `${id}-${n.id}`);
          fs.mkdirSync(workDir, { recursive: true });
          fs.writeFileSync(path.join(workDir, "events.jsonl"), eventsFile(i, config.steps, score));
          insertJob.run(`${id}-job-${n.id}`, ids[i], workDir, root.createdAt);
        }
      });
    })();
    return { id, ids, withCurves };
  } finally {
    db.close();
  }
}
