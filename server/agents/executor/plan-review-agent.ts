/**
 * The Executor's review of an expansion's plans by a language model, before the rules (plan-review.ts) check them
 * at commit: the model validates, dry-runs and estimates each plan with its tools and returns a verdict per plan:
 * accept it, adjust a few settings (e.g. fit batch and accumulation to the runner's memory), or refuse it with the
 * reason. Offline it does nothing: the rules alone review, as before. A reply that cannot be used leaves the plans
 * as they were, with the reason in the trace. Every prompt, tool call and reply lands in the trace.
 */
import { z } from "zod";
import { dataRecipeSchema, trainingConfigSchema } from "../../contract/job-protocol.ts";
import type { NodeRecord } from "../../repositories/node-repository.ts";
import { AgentCallError, callStructured } from "../llm/structured-call.ts";
import { DATA_RULES, jsonAsData } from "../llm/prompt-safety.ts";
import { getAgentRuntime, type AgentRuntime } from "../providers/agent-runtime.ts";
import type { ExpansionPlan } from "../researcher-agent.ts";
import { expansionStep, TraceRecorder, type TraceEntry } from "../traces.ts";
import { configChangesSchema, describeChanges } from "./config-changes.ts";
import { planReviewTools, type DryRunFn } from "./plan-review-tools.ts";

/** Model steps (tool rounds) one review may take before it must answer. */
export const PLAN_REVIEW_MAX_STEPS = 8;

export const planVerdictSchema = z.object({
  plan: z.number().int().min(0).describe("the plan's index"),
  verdict: z.enum(["accept", "adjust", "refuse"]),
  why: z.string().min(3).max(1000),
  config: configChangesSchema.optional().describe("adjust: the changed settings only"),
  recipe: dataRecipeSchema.optional().describe("adjust: the whole new recipe, only when it must change"),
});
export const modelPlanReviewSchema = z.object({ verdicts: z.array(planVerdictSchema).max(32) });
type PlanVerdict = z.infer<typeof planVerdictSchema>;

export const PLAN_REVIEW_SYSTEM = [
  "You are the Executor of TREX: before the Researcher's planned fine-tuning runs are dispatched, you " +
    "check that each can run and is worth its compute.",
  "For each plan: validate_plan, dry_run_recipe (a recipe that leaves no rows or trains on test inputs " +
    "must not run), estimate_run (compute, and memory against the runner's GPU and the plan's " +
    "memoryCapMiB), and read_failure_report when earlier runs of this tree failed (do not repeat what " +
    "already failed).",
  "Then give one verdict per plan: accept; adjust (change only what makes it run, e.g. " +
    "gradientAccumulation so the micro-batch fits the memory, a lower learningRate where a similar run " +
    "diverged; keep what the plan tests); or refuse (it cannot run or is certain to fail), with the " +
    "reason.",
  'Reply with JSON: {"verdicts": [{"plan": 0, "verdict": "accept|adjust|refuse", "why": "...", "config": {changed settings only}, "recipe": {only if it changes}}]}.',
  DATA_RULES,
].join("\n");

export interface PlanReviewRequest {
  plans: readonly ExpansionPlan[];
  parent: NodeRecord;
  history: readonly NodeRecord[];
  round: number;
  /** the memory of one GPU the runs get, when known */
  gpuMemoryGiB: number | null;
  /** the worker's dry-run of a recipe, passed in by the service; null: no dry-run tool */
  dryRun: DryRunFn | null;
  runtime?: AgentRuntime;
}

export interface PlanReviewOutcome {
  plans: ExpansionPlan[];
  traces: TraceEntry[];
  tokens: number;
  /** "rules" (offline, or the model's reply could not be used) or the model's name */
  by: string;
}

/** The plan after the model's verdict, and what the trace says about it. */
function applyVerdict(plan: ExpansionPlan, v: PlanVerdict | undefined): { plan: ExpansionPlan; note: string } {
  if (!v) return { plan, note: `"${plan.title}": no verdict; the rules review it as planned` };
  if (v.verdict === "accept") return { plan, note: `accepted "${plan.title}": ${v.why}` };
  if (v.verdict === "refuse") {
    const failure = `refused by the Executor: ${v.why}`;
    // nothing trains for a refused plan: it is no training run
    return {
      plan: { ...plan, config: { ...plan.config, steps: 0 }, failure },
      note: `refused "${plan.title}": ${v.why}`,
    };
  }
  const config = trainingConfigSchema.safeParse({ ...plan.config, ...v.config });
  if (!config.success)
    return { plan, note: `"${plan.title}": the adjustment does not make a valid configuration; kept as planned` };
  const after = { config: config.data, recipe: v.recipe ?? plan.recipe };
  const changes = describeChanges(plan, after);
  if (changes.length === 0)
    return { plan, note: `accepted "${plan.title}" (the adjustment changed nothing): ${v.why}` };
  const said = `${changes.join("; ")} (${v.why})`;
  return {
    plan: { ...plan, ...after, rationale: `${plan.rationale} Executor: ${said}.` },
    note: `adjusted "${plan.title}": ${said}`,
  };
}

/** Tokens of the review shared over the reviewed plans, so that they add up to the total. */
function addTokens(
  plans: readonly ExpansionPlan[],
  reviewed: ReadonlySet<ExpansionPlan>,
  total: number,
): ExpansionPlan[] {
  const share = reviewed.size > 0 ? Math.floor(total / reviewed.size) : 0;
  let first = true;
  return plans.map((p) => {
    if (!reviewed.has(p)) return p;
    const extra = share + (first ? total - share * reviewed.size : 0);
    first = false;
    return { ...p, tokens: p.tokens + extra };
  });
}

export async function reviewPlansWithModel(req: PlanReviewRequest): Promise<PlanReviewOutcome> {
  let rt: AgentRuntime | null = null;
  try {
    rt = req.runtime ?? getAgentRuntime();
  } catch {
    rt = null; // a misconfigured model: the rules still review
  }
  const pending = req.plans.filter((p) => p.failure === null);
  if (!rt?.model || pending.length === 0) return { plans: [...req.plans], traces: [], tokens: 0, by: "rules" };
  // under the expansion's step, with the Researcher's conversation: every child's trace viewer shows it
  const step = expansionStep(req.round);
  const trace = new TraceRecorder("executor", rt.modelName);
  const prompt = [
    `Review the ${pending.length} plan(s) for round ${req.round}, expanding #${req.parent.ordinal}.`,
    `The runner's GPU memory: ${req.gpuMemoryGiB === null ? "unknown (CPU or not stated)" : `${req.gpuMemoryGiB} GiB`}.`,
    `The parent's configuration:\n${jsonAsData("parent", req.parent.config, 2000)}`,
    `The plans:\n${jsonAsData(
      "plans",
      pending.map((p, i) => ({ plan: i, title: p.title, rationale: p.rationale, recipe: p.recipe, config: p.config })),
      12_000,
    )}`,
  ].join("\n\n");
  try {
    const r = await callStructured({
      runtime: rt,
      model: rt.model,
      schema: modelPlanReviewSchema,
      system: PLAN_REVIEW_SYSTEM,
      prompt,
      tools: planReviewTools({
        plans: pending,
        history: req.history,
        gpuMemoryGiB: req.gpuMemoryGiB,
        dryRun: req.dryRun,
      }),
      maxSteps: PLAN_REVIEW_MAX_STEPS,
      trace,
      step,
    });
    const verdicts = new Map<number, PlanVerdict>();
    for (const v of r.value.verdicts) {
      if (v.plan >= pending.length)
        trace.add(step, "note", `a verdict for plan ${v.plan}, which does not exist: ignored`);
      else if (!verdicts.has(v.plan)) verdicts.set(v.plan, v);
    }
    const reviewed = new Map(
      pending.map((p, i) => {
        const { plan, note } = applyVerdict(p, verdicts.get(i));
        trace.add(step, "note", note);
        return [p, plan] as const;
      }),
    );
    const plans = req.plans.map((p) => reviewed.get(p) ?? p);
    const charged = addTokens(plans, new Set(reviewed.values()), r.tokens);
    return { plans: charged, traces: trace.entries, tokens: r.tokens, by: rt.modelName };
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    trace.add(step, "error", `the model could not review the plans: ${reason}`);
    trace.add(step, "note", "the plans go to the rules review unchanged");
    const tokens = e instanceof AgentCallError ? e.tokens : 0;
    return { plans: addTokens(req.plans, new Set(pending), tokens), traces: trace.entries, tokens, by: "rules" };
  }
}
