/**
 * The knowledge base inside the offline planner: recipes retrieved for the diagnosis become concrete
 * candidate plans (their edits applied to the parent), and every plan cites the recipe that backs it. Pure.
 */
import { largerBaseModel, type ModelKind } from "../../contract/base-models.ts";
import type { DataRecipe, TrainingConfig } from "../../contract/job-protocol.ts";
import type { Rng } from "../../domain/tree/policies.ts";
import {
  citation,
  findKnowledgeEntry,
  searchKnowledgeBase,
  type KnowledgeEntry,
  type RecipePlan,
  type TaskKind,
} from "../knowledge-base/knowledge-base.ts";
import type { Diagnosis } from "./diagnosis.ts";
import { changeFeatures } from "./plan-effects.ts";
import { trainLimit, withOp, withTrainLimit } from "./recipe-edits.ts";

export interface PlannedChange {
  direction: RecipePlan["direction"];
  title: string;
  rationale: string;
  hypotheses: string[];
  recipe: DataRecipe;
  config: TrainingConfig;
  warmStart: boolean;
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
const round3 = (v: number) => Number(v.toPrecision(3));

/** The next larger base model of the same family and kind; null when there is none. */
export function largerBase(config: TrainingConfig): string | null {
  return largerBaseModel(config.baseModel);
}

/** A recipe's edit applied to the parent's recipe and config; null when it does not apply (no larger base). */
export function applyRecipePlan(
  p: RecipePlan,
  recipe: DataRecipe,
  config: TrainingConfig,
  rng: Rng,
  hasCheckpoint: boolean,
): { recipe: DataRecipe; config: TrainingConfig; warmStart: boolean } | null {
  let r: DataRecipe = { operators: recipe.operators.filter((o) => !p.removeOps.includes(o.op)) };
  if (r.operators.length === 0) r = recipe;
  for (const op of p.addOps) r = withOp(r, op.op === "augment" ? { ...op, seed: Math.floor(rng() * 1000) } : op);
  if (p.trainLimitFactor) r = withTrainLimit(r, Math.min(200_000, trainLimit(r) * p.trainLimitFactor));
  const c: TrainingConfig = { ...config, ...p.set };
  if (p.stepsFactor) c.steps = Math.round(clamp(c.steps * p.stepsFactor, 1, 200_000));
  if (p.lrFactor) c.learningRate = round3(clamp(c.learningRate * p.lrFactor, 1e-6, 1));
  if (p.batchFactor) c.batchSize = Math.round(clamp(c.batchSize * p.batchFactor, 1, 1024));
  if (p.add.dropout) c.dropout = round3(clamp(c.dropout + p.add.dropout, 0, 0.5));
  if (p.add.weightDecay) c.weightDecay = round3(clamp(c.weightDecay + p.add.weightDecay, 0, 0.3));
  if (p.add.labelSmoothing) c.labelSmoothing = round3(clamp(c.labelSmoothing + p.add.labelSmoothing, 0, 0.3));
  if (p.largerBase) {
    const next = largerBase(config);
    if (!next) return null;
    c.baseModel = next;
  }
  // a checkpoint of another size or method cannot be continued
  const warmStart = p.warmStart && hasCheckpoint && !p.largerBase && c.method === config.method;
  return { recipe: r, config: c, warmStart };
}

export interface KnowledgeContext {
  diagnosis: Diagnosis;
  taskKind: TaskKind | undefined;
  models: ModelKind;
  /** the names of the parent's error groups: "negation/false_negative", "weather/wrong_args" */
  errorGroups: readonly string[];
}

function queryOf(ctx: KnowledgeContext, extra = ""): string {
  const groups = ctx.errorGroups.map((g) => g.replace(/[/_]/g, " ")).join(" ");
  return `${ctx.diagnosis.findings.map((f) => f.replace("_", " ")).join(" ")} ${ctx.diagnosis.summary} ${groups} ${extra}`;
}

/** Recipes of the knowledge base that address the diagnosis, best first. */
export function retrieveRecipes(ctx: KnowledgeContext, limit = 3): KnowledgeEntry[] {
  return searchKnowledgeBase(queryOf(ctx), {
    kind: "recipe",
    taskKind: ctx.taskKind,
    models: ctx.models,
    findings: ctx.diagnosis.findings,
    limit: limit + 2,
  })
    .map((h) => h.entry)
    .filter((e) => e.plan)
    .slice(0, limit);
}

/** The changes an entry's edit makes to this parent (continuing or not is how, not what: left out). */
function entryChanges(entry: KnowledgeEntry, parent: { recipe: DataRecipe; config: TrainingConfig }): string[] {
  if (!entry.plan) return [];
  const applied = applyRecipePlan(entry.plan, parent.recipe, parent.config, () => 0, true);
  return applied ? changeFeatures(parent, { ...applied, warmStart: false }) : [];
}

/** An entry backs a plan only if the plan makes every change the entry prescribes (on this parent). */
export function entryMatchesPlan(
  entry: KnowledgeEntry,
  parent: { recipe: DataRecipe; config: TrainingConfig },
  plan: { recipe: DataRecipe; config: TrainingConfig },
): boolean {
  const wanted = entryChanges(entry, parent);
  const made = new Set(changeFeatures(parent, { ...plan, warmStart: false }));
  return wanted.length > 0 && wanted.every((f) => made.has(f));
}

/** A model's citations of the knowledge base, kept only where the entry exists and matches the plan it planned. */
export function citesMatchingEntry(
  citation: string,
  parent: { recipe: DataRecipe; config: TrainingConfig },
  plan: { recipe: DataRecipe; config: TrainingConfig },
): boolean {
  const ids = [...citation.matchAll(/kb:([a-z0-9-]+)/g)].map((m) => m[1] ?? "");
  return ids.every((id) => {
    const entry = findKnowledgeEntry(id);
    return entry !== undefined && entryMatchesPlan(entry, parent, plan);
  });
}

/** The recipe that best backs a plan, to cite in its rationale: one whose changes the plan actually makes, or none. */
export function supportingRecipe(
  ctx: KnowledgeContext,
  parent: { recipe: DataRecipe; config: TrainingConfig },
  plan: { direction: string; title: string; recipe: DataRecipe; config: TrainingConfig },
): KnowledgeEntry | undefined {
  const hits = searchKnowledgeBase(`${plan.title} ${plan.title} ${queryOf(ctx)}`, {
    kind: "recipe",
    taskKind: ctx.taskKind,
    models: ctx.models,
    limit: 12,
  });
  return hits.find((h) => h.entry.plan?.direction === plan.direction && entryMatchesPlan(h.entry, parent, plan))?.entry;
}

export function knowledgePlans(
  ctx: KnowledgeContext,
  parent: { recipe: DataRecipe; config: TrainingConfig; hasCheckpoint: boolean },
  rng: Rng,
  limit = 3,
): PlannedChange[] {
  const out: PlannedChange[] = [];
  for (const entry of retrieveRecipes(ctx, limit)) {
    if (!entry.plan) continue;
    const applied = applyRecipePlan(entry.plan, parent.recipe, parent.config, rng, parent.hasCheckpoint);
    if (!applied) continue;
    out.push({
      direction: entry.plan.direction,
      title: entry.title,
      rationale: `Diagnosis: ${ctx.diagnosis.summary}. Retrieved from the knowledge base: ${citation(entry)} — ${entry.summary}`,
      hypotheses: [entry.summary.split(/(?<=\.)\s/)[0] ?? entry.summary],
      ...applied,
    });
  }
  return out;
}
