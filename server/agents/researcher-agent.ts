/**
 * The Researcher: diagnoses an evaluated node and proposes the next experiments, coarse-to-fine, from the
 * tree's memory. With no language model configured it is the offline expert planner (rules + the bundled
 * knowledge base + effects measured in this and earlier trees). With one, the model plans through the AI
 * SDK with research tools and a zod-validated reply; if it fails after bounded retries, the expansion
 * yields one failed node carrying the reason, and the exploration goes on.
 */
import { modelKindOf } from "../contract/base-models.ts";
import type { Spent } from "../domain/explorations/budget.ts";
import { findTask } from "../domain/tasks/task-registry.ts";
import { describeConstraints } from "../domain/requirements/hard-constraints.ts";
import { comparisonOf, hardConstraintsOf } from "../domain/requirements/requirement-spec.ts";
import type { Rng } from "../domain/tree/policies.ts";
import type { ExplorationRecord } from "../repositories/exploration-repository.ts";
import type { NodeRecord } from "../repositories/node-repository.ts";
import { TASK_KINDS, type TaskKind } from "./knowledge-base/knowledge-base.ts";
import { AgentCallError, callStructured } from "./llm/structured-call.ts";
import { buildMemoryContext, type MemoryInsight } from "./memory-context.ts";
import { diagnose, type NodeOutcome } from "./planner/diagnosis.ts";
import { retrieveRecipes } from "./planner/knowledge-plans.ts";
import { modelExpansionSchema, PLANNER_SYSTEM, plannerPrompt, toProposedPlan } from "./planner/llm-planner.ts";
import { proposePlans, type ProposedPlan } from "./planner/offline-planner.ts";
import type { InsightEvidence } from "../domain/tree/insight-evidence.ts";
import { effectsFromInsights } from "./planner/plan-effects.ts";
import { distilInsights } from "./insights.ts";
import { insightNodeOf } from "./planning-memory.ts";
import { getAgentRuntime, type AgentRuntime } from "./providers/agent-runtime.ts";
import { researchTools } from "./tools/research-tools.ts";
import { expansionStep, TraceRecorder, type TraceEntry } from "./traces.ts";

export interface ExpansionRequest {
  parent: NodeRecord;
  grandparentScore: number | null;
  history: readonly NodeRecord[];
  count: number;
  rng: Rng;
  /** the orchestrator passes these; without them the planner works from the tree alone */
  round?: number;
  exploration?: ExplorationRecord;
  spent?: Spent;
  /** insights for the model's memory, and what earlier explorations of the task established (none when absent) */
  insights?: readonly MemoryInsight[];
  earlierEvidence?: readonly InsightEvidence[];
  runtime?: AgentRuntime;
}

export interface ExpansionPlan extends ProposedPlan {
  /** this plan's share of the language-model tokens the expansion used */
  tokens: number;
  /** set when planning failed: the node is created failed, with this reason */
  failure: string | null;
}

export interface Expansion {
  diagnosis: string;
  plans: ExpansionPlan[];
  tokens: number;
  /** the conversation, stored on the expanded node under expansionStep(round) */
  traces: TraceEntry[];
  plannedBy: string;
}

function outcomeOf(req: ExpansionRequest): NodeOutcome {
  const { parent } = req;
  return {
    score: parent.score,
    config: parent.config,
    trainRows: parent.report?.train?.trainRows ?? null,
    finalLoss: parent.report?.train?.finalLoss ?? null,
    errorGroups: parent.report?.errorGroups ?? {},
    parentScore: req.grandparentScore,
  };
}

/** Tokens split over the plans so that they add up to the total. */
function withTokens(plans: readonly ProposedPlan[], total: number): ExpansionPlan[] {
  const share = plans.length > 0 ? Math.floor(total / plans.length) : 0;
  return plans.map((p, i) => ({ ...p, tokens: share + (i === 0 ? total - share * plans.length : 0), failure: null }));
}

function failedPlan(parent: NodeRecord, reason: string, tokens: number): ExpansionPlan {
  return {
    direction: "manual",
    title: "Planning failed",
    rationale: `The Researcher could not propose experiments for node #${parent.ordinal}: ${reason}. The exploration continues with other nodes.`,
    hypotheses: [],
    recipe: parent.recipe,
    // nothing is trained: a failed planning step must not count as a training run
    config: { ...parent.config, steps: 0 },
    warmStart: false,
    tokens,
    failure: `planning failed: ${reason}`,
  };
}

/** An uploaded dataset's kind, as its requirement analysis recorded it (`taskType`). */
function kindOfSpec(spec: Record<string, unknown>): TaskKind | undefined {
  const t = spec.taskType;
  return typeof t === "string" && (TASK_KINDS as readonly string[]).includes(t) ? (t as TaskKind) : undefined;
}

export async function planExpansion(req: ExpansionRequest): Promise<Expansion> {
  const { parent, history, exploration } = req;
  const step = expansionStep(req.round ?? parent.round + 1);
  const outcome = outcomeOf(req);
  let rt: AgentRuntime;
  try {
    rt = req.runtime ?? getAgentRuntime();
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    const trace = new TraceRecorder("researcher", null);
    trace.add(step, "error", `the language model is misconfigured: ${reason}`);
    return {
      diagnosis: diagnose(outcome).summary,
      plans: [failedPlan(parent, `the language model is misconfigured (${reason})`, 0)],
      tokens: 0,
      traces: trace.entries,
      plannedBy: "none",
    };
  }
  const trace = new TraceRecorder("researcher", rt.modelName);
  const insights = req.insights ?? [];
  const earlierEvidence = req.earlierEvidence ?? [];
  const taskKind: TaskKind | undefined = exploration
    ? (findTask(exploration.taskId)?.kind ?? kindOfSpec(exploration.spec))
    : undefined;
  const memory = buildMemoryContext({ nodes: history, targetId: parent.id, insights, tokenBudget: rt.contextTokens });
  // the planner reads insights only: this tree's (distilled as the evaluation service stores them, unless the
  // exploration switched its own insights off for an ablation) and earlier explorations'
  const ownInsights = exploration?.ablations.insights ?? true;
  const treeEvidence = ownInsights ? distilInsights(history.map(insightNodeOf)) : [];
  const effects = effectsFromInsights([...treeEvidence, ...earlierEvidence]);
  const tried = history
    .filter((n) => n.parentId === parent.id)
    .map((n) => ({ recipe: n.recipe, config: n.config, warmStart: n.plan.warmStart === true }));
  const hasCheckpoint = parent.checkpoint !== null;

  if (!rt.model) {
    const { diagnosis, plans } = proposePlans({
      parent: { ...outcome, recipe: parent.recipe, hasCheckpoint },
      history: history
        .filter((n) => n.status === "succeeded")
        .map((n) => ({ score: n.score, config: n.config, recipe: n.recipe })),
      count: req.count,
      rng: req.rng,
      taskKind,
      effects,
      tried,
      constraints: exploration ? hardConstraintsOf(exploration.spec) : undefined,
      compare: exploration ? comparisonOf(exploration.spec) : null,
    });
    trace.add(
      step,
      "note",
      `Offline expert planner.\nDiagnosis: ${diagnosis.summary} [${diagnosis.findings.join(", ")}]\nEvidence from insights: ${effects.size} change(s) or combination(s) measured against matched controls (${earlierEvidence.length} insight(s) of earlier explorations${ownInsights ? "" : "; this exploration's own insights are switched off"}).\n\n${memory.text}`,
    );
    trace.add(
      step,
      "response",
      plans.map((p) => ({
        direction: p.direction,
        title: p.title,
        rationale: p.rationale,
        recipe: p.recipe,
        config: p.config,
        warmStart: p.warmStart,
      })),
    );
    // nothing new to try here: a failed node records it, and the search moves on (an empty expansion would be selected again)
    const out =
      plans.length > 0
        ? withTokens(plans, 0)
        : [failedPlan(parent, "every plan the rules propose for this node has already been tried", 0)];
    return { diagnosis: diagnosis.summary, plans: out, tokens: 0, traces: trace.entries, plannedBy: "offline" };
  }

  const diagnosis = diagnose(outcome);
  const retrieved = retrieveRecipes(
    {
      diagnosis,
      taskKind,
      models: modelKindOf(parent.config.baseModel),
      errorGroups: Object.keys(outcome.errorGroups),
    },
    4,
  );
  const budget: Record<string, number> =
    exploration && req.spent
      ? {
          computeSecondsLeft: Math.max(0, exploration.budget.computeSeconds - req.spent.computeSeconds),
          trainingRunsLeft: Math.max(0, exploration.budget.trainingRuns - req.spent.trainingRuns),
          roundsLeft: Math.max(0, exploration.budget.rounds - req.spent.rounds),
        }
      : {};
  const prompt = plannerPrompt({
    goalSummary: exploration ? exploration.goal.slice(0, 2000) : "",
    spec: exploration?.spec ?? {},
    parent: {
      ordinal: parent.ordinal,
      score: parent.score,
      config: parent.config,
      recipe: parent.recipe,
      hasCheckpoint,
    },
    diagnosis: `${diagnosis.summary} [${diagnosis.findings.join(", ")}]`,
    badCases: parent.report?.badCases ?? [],
    memory: memory.text,
    retrieved: retrieved.map((e) => ({ id: `kb:${e.id}`, title: e.title, summary: e.summary })),
    budget,
    count: req.count,
    hardConstraints: exploration ? describeConstraints(hardConstraintsOf(exploration.spec)) : [],
  });
  try {
    const r = await callStructured({
      runtime: rt,
      model: rt.model,
      schema: modelExpansionSchema,
      system: PLANNER_SYSTEM,
      prompt,
      tools: researchTools(rt),
      maxSteps: 4,
      trace,
      step,
    });
    const plans = r.value.plans.slice(0, req.count).map((p) => toProposedPlan(p, parent));
    return {
      diagnosis: r.value.diagnosis,
      plans: withTokens(plans, r.tokens),
      tokens: r.tokens,
      traces: trace.entries,
      plannedBy: rt.modelName,
    };
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    const tokens = e instanceof AgentCallError ? e.tokens : 0;
    trace.add(step, "error", `planning failed: ${reason}`);
    return {
      diagnosis: diagnosis.summary,
      plans: [failedPlan(parent, reason, tokens)],
      tokens,
      traces: trace.entries,
      plannedBy: rt.modelName,
    };
  }
}
