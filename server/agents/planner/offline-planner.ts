/**
 * The built-in expert planner: with no language model configured it proposes the next experiments from
 * the diagnosis of the parent and the history of the tree. Coarse-to-fine: a direction first, then values.
 */
import { modelKindOf } from "../../contract/base-models.ts";
import type { DataRecipe, TrainingConfig } from "../../contract/job-protocol.ts";
import type { Rng } from "../../domain/tree/policies.ts";
import { citation, type TaskKind } from "../knowledge-base/knowledge-base.ts";
import { diagnose, type Diagnosis, type NodeOutcome } from "./diagnosis.ts";
import { knowledgePlans, largerBase, supportingRecipe, type KnowledgeContext } from "./knowledge-plans.ts";
import type { Direction } from "../../domain/tree/directions.ts";
import type { Effect } from "./plan-effects.ts";
import { rankPlans, type Experiment } from "./plan-ranking.ts";
import { cleaned, describeRecipe, hasOp, trainLimit, withOp, withTrainLimit } from "./recipe-edits.ts";
import { brokenConstraint, constrainedMethod } from "../../domain/requirements/hard-constraints.ts";
import type { Comparison, HardConstraints } from "../../domain/requirements/requirement-spec.ts";

export interface ProposedPlan {
  direction: Direction;
  title: string;
  rationale: string;
  hypotheses: string[];
  recipe: DataRecipe;
  config: TrainingConfig;
  /** continue from the parent's checkpoint instead of the base model */
  warmStart: boolean;
  /** a transformation the operators cannot express, for the Executor to write as a code step (model plans only) */
  codeRequest?: string;
}

export interface HistoryEntry {
  score: number | null;
  config: TrainingConfig;
  recipe: DataRecipe;
}

export interface PlanRequest {
  /** hasCheckpoint: false when the parent left no checkpoint to continue from (defaults to true) */
  parent: NodeOutcome & { recipe: DataRecipe; hasCheckpoint?: boolean };
  history: readonly HistoryEntry[];
  count: number;
  rng: Rng;
  /** the task's kind: retrieval keeps to recipes that fit it */
  taskKind?: TaskKind;
  /** what each kind of change did so far (this tree and earlier explorations of the task): plans are ranked by it */
  effects?: ReadonlyMap<string, Effect>;
  /** experiments already run from this parent */
  tried?: readonly Experiment[];
  /** the goal's hard constraints: every plan meets them */
  constraints?: HardConstraints;
  /** what the goal asks to compare: the first round plans each arm */
  compare?: Comparison | null;
}

const MAX_STEPS = 2400;
const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
const jitter = (rng: Rng, spread = 0.2) => 1 + (rng() * 2 - 1) * spread;
const round3 = (v: number) => Number(v.toPrecision(3));

/** The learning rate of the best trained node so far: values come from what worked, not from a table. */
function bestLearningRate(history: readonly HistoryEntry[], fallback: number): number {
  let best: HistoryEntry | undefined;
  for (const h of history)
    if (h.config.steps > 0 && h.score !== null && (!best || (best.score ?? 0) < h.score)) best = h;
  return best?.config.learningRate ?? fallback;
}

function plan(
  direction: Direction,
  title: string,
  rationale: string,
  hypotheses: string[],
  recipe: DataRecipe,
  config: TrainingConfig,
  warmStart = false,
): ProposedPlan {
  return {
    direction,
    title,
    rationale,
    hypotheses,
    recipe,
    config: { ...config, steps: clamp(Math.round(config.steps), 0, MAX_STEPS) },
    warmStart,
  };
}

function firstRound(req: PlanRequest): ProposedPlan[] {
  const { parent, rng } = req;
  const base: TrainingConfig = {
    ...parent.config,
    steps: 400,
    learningRate: 3e-3,
    batchSize: 32,
    dropout: 0.1,
    warmupRatio: 0.05,
  };
  const recipe = parent.recipe;
  return [
    plan(
      "tune_hyperparameters",
      "Train with standard settings",
      "The base model has never seen this task; a standard full fine-tune sets the reference.",
      ["a short full fine-tune lifts the score well above the baseline"],
      recipe,
      { ...base, learningRate: round3(3e-3 * jitter(rng, 0.1)) },
    ),
    plan(
      "clean_data",
      "Clean the training data first",
      "Public training pools carry duplicates and malformed labels; removing them is cheap.",
      ["dedup + label validation removes noise that hurts accuracy"],
      cleaned(recipe),
      base,
    ),
    plan(
      "add_data",
      "Use more training data",
      "More distinct examples usually beat more epochs on the same rows.",
      ["twice the rows with more steps generalises better"],
      withTrainLimit(recipe, trainLimit(recipe) * 2),
      { ...base, steps: 700 },
    ),
    plan(
      "tune_hyperparameters",
      "Lower learning rate, longer schedule",
      "A gentler schedule is more stable for small transformers.",
      ["lr 1e-3 with more steps converges to a better optimum"],
      recipe,
      { ...base, learningRate: 1e-3, steps: 800 },
    ),
    plan(
      "change_method",
      "Regularise: label smoothing and weight decay",
      "Noisy labels reward a model that is less confident.",
      ["label smoothing 0.1 tolerates the label noise"],
      recipe,
      { ...base, labelSmoothing: 0.1, weightDecay: 0.05 },
    ),
  ];
}

function refine(req: PlanRequest, diagnosis: Diagnosis): ProposedPlan[] {
  const { parent, history, rng } = req;
  const cfg = parent.config;
  const recipe = parent.recipe;
  const lr = bestLearningRate(history, cfg.learningRate);
  const out: ProposedPlan[] = [];
  const f = new Set(diagnosis.findings);
  const why = diagnosis.summary;

  if (f.has("format_errors") || !hasOp(recipe, "filter")) {
    out.push(
      plan(
        "clean_data",
        "Remove malformed and duplicate rows",
        `Diagnosis: ${why}.`,
        ["validating labels removes the format errors the model copies"],
        cleaned(recipe),
        { ...cfg, steps: cfg.steps * 0.75 },
        true,
      ),
    );
  }
  if (f.has("underfitting") || f.has("healthy") || f.has("plateau")) {
    out.push(
      plan(
        "tune_hyperparameters",
        "Continue training from this checkpoint",
        `Diagnosis: ${why}. Continuing keeps what was learned.`,
        ["more optimisation steps lower the loss further"],
        recipe,
        { ...cfg, steps: cfg.steps, learningRate: round3(lr * 0.6 * jitter(rng)) },
        true,
      ),
    );
  }
  if (f.has("underfitting")) {
    out.push(
      plan(
        "tune_hyperparameters",
        "Higher learning rate, more steps",
        `Diagnosis: ${why}.`,
        ["the model is optimisation-limited"],
        recipe,
        { ...cfg, steps: cfg.steps * 1.5, learningRate: round3(clamp(lr * 1.5 * jitter(rng), 1e-4, 1e-2)) },
      ),
    );
    const bigger = largerBase(cfg);
    if (bigger) {
      out.push(
        plan(
          "change_base",
          "A larger base model",
          `Diagnosis: ${why}; capacity may be the limit.`,
          ["more parameters fit the task better"],
          recipe,
          { ...cfg, baseModel: bigger, steps: cfg.steps * 1.25 },
        ),
      );
    }
  }
  if (f.has("overfitting") || f.has("plateau")) {
    out.push(
      plan(
        "add_data",
        "Add more distinct training rows",
        `Diagnosis: ${why}.`,
        ["more distinct data closes the generalisation gap"],
        withTrainLimit(recipe, trainLimit(recipe) * 2),
        { ...cfg, steps: cfg.steps * 1.3 },
        true,
      ),
    );
    out.push(
      plan(
        "change_method",
        "Stronger regularisation",
        `Diagnosis: ${why}.`,
        ["dropout and weight decay reduce memorisation"],
        recipe,
        { ...cfg, dropout: clamp(cfg.dropout + 0.1, 0, 0.5), weightDecay: clamp(cfg.weightDecay + 0.05, 0, 0.3) },
        true,
      ),
    );
  }
  if (f.has("label_confusion")) {
    out.push(
      plan(
        "clean_data",
        "Rebalance the classes",
        `Diagnosis: ${why}. Minority answers are under-represented.`,
        ["balancing the labels fixes the confusion on rare answers"],
        withOp(cleaned(recipe), { op: "balance", field: "output" }),
        cfg,
        true,
      ),
    );
    out.push(
      plan(
        "add_data",
        "Targeted augmentation",
        `Diagnosis: ${why}.`,
        ["label-preserving rewrites teach the hard constructions"],
        withOp(recipe, { op: "augment", kind: "task", factor: 1, seed: Math.floor(rng() * 1000) }),
        { ...cfg, steps: cfg.steps * 1.2 },
        true,
      ),
    );
  }
  out.push(
    plan(
      "tune_hyperparameters",
      "Search the learning rate",
      `Explore around the best learning rate seen (${lr}).`,
      ["a nearby learning rate does better"],
      recipe,
      {
        ...cfg,
        learningRate: round3(clamp(lr * (rng() < 0.5 ? 0.5 : 2) * jitter(rng), 1e-4, 1e-2)),
        seed: cfg.seed + 1,
      },
    ),
  );
  return out;
}

const loads = (p: ProposedPlan) => p.recipe.operators.flatMap((o) => (o.op === "load" ? [o.source] : []));

/** Plans adjusted to the goal's method, and only those that then meet every hard constraint (a larger base over the size cap goes). */
function meetingConstraints(plans: readonly ProposedPlan[], c: HardConstraints | undefined): ProposedPlan[] {
  if (!c) return [...plans];
  return plans
    .map((p) => ({ ...p, config: { ...p.config, method: constrainedMethod(p.config.method, c) } }))
    .filter((p) => brokenConstraint({ config: p.config, sources: loads(p) }, c) === null);
}

const ARM_NAMES: Record<string, string> = { full: "full fine-tuning", lora: "LoRA" };

/** The same first-round ideas on each arm of the comparison (method or base model), ranked per arm and interleaved. */
function compareArms(
  candidates: readonly ProposedPlan[],
  compare: Comparison,
  count: number,
  rank: (plans: readonly ProposedPlan[], count: number) => ProposedPlan[],
  c: HardConstraints | undefined,
): ProposedPlan[] {
  const per = Math.max(1, Math.ceil(count / compare.arms.length));
  const byArm = compare.arms.map((arm) => {
    const onArm = candidates.map((p) => ({
      ...p,
      title: `${p.title} (${ARM_NAMES[arm] ?? arm})`,
      rationale: `${p.rationale} The goal compares ${compare.arms.map((a) => ARM_NAMES[a] ?? a).join(" and ")}: this is the ${ARM_NAMES[arm] ?? arm} branch.`,
      config:
        compare.kind === "method"
          ? { ...p.config, method: arm === "lora" ? ("lora" as const) : ("full" as const) }
          : { ...p.config, baseModel: arm },
    }));
    return rank(meetingConstraints(onArm, c ? { ...c, method: "any" } : undefined), per);
  });
  const out: ProposedPlan[] = [];
  for (let i = 0; i < per; i++) for (const arm of byArm) if (arm[i]) out.push(arm[i] as ProposedPlan);
  return out.slice(0, count);
}

/** Rule plans first; the knowledge base's different ideas slot in after the two strongest rules. */
function interleave(rules: ProposedPlan[], retrieved: ProposedPlan[]): ProposedPlan[] {
  return [
    ...rules.slice(0, 2),
    ...retrieved.slice(0, 1),
    ...rules.slice(2, 4),
    ...retrieved.slice(1),
    ...rules.slice(4),
  ];
}

export function proposePlans(req: PlanRequest): { diagnosis: Diagnosis; plans: ProposedPlan[] } {
  const diagnosis = diagnose(req.parent);
  const untrained = diagnosis.findings.includes("untrained");
  const { parent } = req;
  const kctx: KnowledgeContext = {
    diagnosis,
    taskKind: req.taskKind,
    models: modelKindOf(parent.config.baseModel),
    errorGroups: Object.keys(parent.errorGroups),
  };
  const rules = untrained ? firstRound(req) : refine(req, diagnosis);
  // an untrained parent has no training to scale: the knowledge base only backs the first-round plans with citations
  const retrieved = untrained
    ? []
    : knowledgePlans(
        kctx,
        { recipe: parent.recipe, config: parent.config, hasCheckpoint: parent.hasCheckpoint ?? true },
        req.rng,
      ).map((k) => plan(k.direction, k.title, k.rationale, k.hypotheses, k.recipe, k.config, k.warmStart));
  // without a checkpoint nothing can be continued: every plan trains from the base model
  const candidates = meetingConstraints(
    interleave(rules, retrieved).map((p) => (parent.hasCheckpoint === false ? { ...p, warmStart: false } : p)),
    req.constraints,
  );
  const rank = (plans: readonly ProposedPlan[], count: number) =>
    rankPlans(plans, {
      parent,
      count,
      effects: req.effects,
      tried: req.tried,
      history: req.history.map((h) => ({ recipe: h.recipe, config: h.config })),
    });
  const ranked =
    untrained && req.compare
      ? compareArms(candidates, req.compare, req.count, rank, req.constraints)
      : rank(candidates, req.count);
  const plans = ranked.map((p) => {
    const backing = p.rationale.includes("[kb:") ? undefined : supportingRecipe(kctx, parent, p);
    const cite = backing ? ` Knowledge base: ${citation(backing)}.` : "";
    return { ...p, rationale: `${p.rationale}${cite} Recipe: ${describeRecipe(p.recipe)}.` };
  });
  return { diagnosis, plans };
}
