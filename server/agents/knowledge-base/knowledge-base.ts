/**
 * The bundled knowledge base: fine-tuning recipes, datasets and papers (catalogue.json), validated at
 * load and searched with MiniSearch (BM25 with prefix and fuzzy matching). Offline, deterministic.
 */
import MiniSearch from "minisearch";
import { z } from "zod";
import type { ModelKind } from "../../contract/base-models.ts";
import { dataRecipeSchema, trainingConfigSchema } from "../../contract/job-protocol.ts";
import catalogue from "./catalogue.json" with { type: "json" };

export const TASK_KINDS = ["classification", "multilabel", "generation", "structured", "numeric"] as const;
export type TaskKind = (typeof TASK_KINDS)[number];
export const FINDINGS = [
  "untrained",
  "underfitting",
  "overfitting",
  "format_errors",
  "label_confusion",
  "plateau",
  "healthy",
] as const;

const operatorSchema = dataRecipeSchema.shape.operators.element;

/** A recipe's concrete edit of the parent's plan, applied by the offline planner. */
export const recipePlanSchema = z.object({
  direction: z.enum(["tune_hyperparameters", "add_data", "clean_data", "change_method", "change_base"]),
  addOps: z.array(operatorSchema).max(8).default([]),
  removeOps: z.array(z.string()).max(8).default([]),
  trainLimitFactor: z.number().positive().max(10).optional(),
  stepsFactor: z.number().positive().max(10).optional(),
  lrFactor: z.number().positive().max(10).optional(),
  batchFactor: z.number().positive().max(8).optional(),
  set: trainingConfigSchema
    .pick({ warmupRatio: true, labelSmoothing: true, dropout: true, weightDecay: true, method: true, loraRank: true })
    .partial()
    .default({}),
  add: z.object({ dropout: z.number(), weightDecay: z.number(), labelSmoothing: z.number() }).partial().default({}),
  warmStart: z.boolean().default(false),
  largerBase: z.boolean().default(false),
});
export type RecipePlan = z.infer<typeof recipePlanSchema>;

const entrySchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  kind: z.enum(["recipe", "dataset", "paper"]),
  title: z.string().min(3),
  summary: z.string().min(10),
  body: z.string(),
  tags: z.array(z.string()),
  taskKinds: z.array(z.enum([...TASK_KINDS, "any"])).min(1),
  findings: z.array(z.enum(FINDINGS)).default([]),
  /** base models the entry applies to: CPU presets learning from scratch, pretrained models, or both */
  models: z.array(z.enum(["preset", "pretrained"])).default(["preset", "pretrained"]),
  plan: recipePlanSchema.optional(),
  source: z.string().optional(),
  url: z.string().optional(),
  hubId: z.string().optional(),
});
export type KnowledgeEntry = z.infer<typeof entrySchema>;
export type KnowledgeKind = KnowledgeEntry["kind"];

export interface KnowledgeHit {
  entry: KnowledgeEntry;
  score: number;
}

export interface KnowledgeQuery {
  kind?: KnowledgeKind;
  taskKind?: TaskKind;
  models?: ModelKind;
  /** only entries that address at least one of these findings */
  findings?: readonly string[];
  limit?: number;
}

interface Index {
  entries: Map<string, KnowledgeEntry>;
  search: MiniSearch;
}

let index: Index | undefined;

function load(): Index {
  const parsed = z.object({ version: z.literal(1), entries: z.array(entrySchema).min(1) }).parse(catalogue);
  const entries = new Map(parsed.entries.map((e) => [e.id, e]));
  const search = new MiniSearch({
    fields: ["title", "summary", "body", "tagText", "findingText"],
    idField: "id",
    searchOptions: {
      boost: { title: 3, tagText: 2.5, findingText: 2, summary: 1.5 },
      prefix: true,
      fuzzy: 0.15,
      combineWith: "OR",
    },
  });
  search.addAll(
    parsed.entries.map((e) => ({
      ...e,
      tagText: e.tags.join(" "),
      findingText: e.findings.map((f) => f.replace("_", " ")).join(" "),
    })),
  );
  return { entries, search };
}

function getIndex(): Index {
  index ??= load();
  return index;
}

export function knowledgeEntries(): KnowledgeEntry[] {
  return [...getIndex().entries.values()];
}

export function findKnowledgeEntry(id: string): KnowledgeEntry | undefined {
  return getIndex().entries.get(id);
}

function matches(e: KnowledgeEntry, q: KnowledgeQuery): boolean {
  if (q.kind && e.kind !== q.kind) return false;
  if (q.taskKind && !e.taskKinds.includes("any") && !e.taskKinds.includes(q.taskKind)) return false;
  if (q.models && !e.models.includes(q.models)) return false;
  if (q.findings && q.findings.length > 0 && !e.findings.some((f) => q.findings?.includes(f))) return false;
  return true;
}

/** BM25 over title, summary, body, tags and findings; ties broken by id so results are stable. */
export function searchKnowledgeBase(query: string, q: KnowledgeQuery = {}): KnowledgeHit[] {
  const { entries, search } = getIndex();
  const text = query.trim().slice(0, 500);
  if (!text) return [];
  const hits: KnowledgeHit[] = [];
  for (const r of search.search(text)) {
    const entry = entries.get(String(r.id));
    if (entry && matches(entry, q)) hits.push({ entry, score: Math.round(r.score * 1000) / 1000 });
  }
  hits.sort((a, b) => b.score - a.score || a.entry.id.localeCompare(b.entry.id));
  return hits.slice(0, q.limit ?? 5);
}

/** One line for a rationale: "[kb:recipe-class-balance] Rebalance the classes (Buda et al. 2018 …)". */
export function citation(entry: KnowledgeEntry): string {
  return `[kb:${entry.id}] ${entry.title}${entry.source ? ` (${entry.source})` : ""}`;
}
