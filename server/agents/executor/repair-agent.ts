/**
 * The Executor's repair of a failed run: offline, the rules (repair-rules.ts); with a language model, the model
 * proposes the fix with the Executor's tools (failure report, protocol check, cost and memory estimate), and the
 * rules stand in when its reply is unusable. Every prompt, tool call and reply lands in the trace.
 */
import { z } from "zod";
import { dataRecipeSchema, trainingConfigSchema, type DataRecipe } from "../../contract/job-protocol.ts";
import { AgentCallError, callStructured } from "../llm/structured-call.ts";
import { DATA_RULES, jsonAsData } from "../llm/prompt-safety.ts";
import { getAgentRuntime, type AgentRuntime } from "../providers/agent-runtime.ts";
import { configChangesSchema, describeChanges } from "./config-changes.ts";
import { executorTools } from "./executor-tools.ts";
import { TraceRecorder, type TraceEntry } from "../traces.ts";
import type { CostSample } from "./compute-estimate.ts";
import type { FailureReport } from "./failure-report.ts";
import { repairByRules, type Repairable, type RepairProposal } from "./repair-rules.ts";

export interface RepairRequest {
  node: Repairable & { ordinal: number };
  failure: FailureReport;
  /** 1 for the first repair of a failure, 2 for a repair of that repair, ... */
  attempt: number;
  history: readonly CostSample[];
  runtime?: AgentRuntime;
}

export interface RepairOutcome {
  proposal: RepairProposal | null;
  /** "rules" or the model's name */
  by: string;
  tokens: number;
  traces: TraceEntry[];
}

export const modelRepairSchema = z.object({
  why: z.string().min(3).max(1500).describe("what caused the failure and why the changes fix it"),
  config: configChangesSchema.default({}),
  recipe: dataRecipeSchema.optional().describe("the whole repaired recipe, only when the recipe must change"),
});

export const REPAIR_SYSTEM = [
  "You are the Executor of TREX: you run fine-tuning experiments on a worker and repair the runs that fail.",
  "Given a failed run's configuration, recipe and failure report, propose the smallest change that " +
    "makes it run: e.g. gradient accumulation or gradient checkpointing for out-of-memory, a lower " +
    "learning rate for a diverging loss, fewer steps for a time limit, removing an operator that left no " +
    "rows, a load `fields` mapping for a file whose fields have other names.",
  "Keep what the experiment tests (its idea) unchanged. Use read_failure_report, validate_plan and estimate_run before answering.",
  'Reply with JSON: {"why": "...", "config": {changed settings only}, "recipe": {only if it changes}}.',
  DATA_RULES,
].join("\n");

function fromModel(node: Repairable, reply: z.infer<typeof modelRepairSchema>): RepairProposal | null {
  const config = trainingConfigSchema.safeParse({ ...node.config, ...reply.config });
  const recipe: DataRecipe = reply.recipe ?? node.recipe;
  if (!config.success) return null;
  const after = { config: config.data, recipe };
  const changes = describeChanges(node, after);
  return changes.length > 0 ? { ...after, changes, why: reply.why } : null;
}

export async function proposeRepair(req: RepairRequest): Promise<RepairOutcome> {
  const step = `repair of #${req.node.ordinal}`;
  let rt: AgentRuntime | null = null;
  try {
    rt = req.runtime ?? getAgentRuntime();
  } catch {
    rt = null; // a misconfigured model: the rules still repair
  }
  const trace = new TraceRecorder("executor", rt?.model ? rt.modelName : null);
  const byRules = (why: string): RepairOutcome => {
    const proposal = repairByRules(req.node, req.failure);
    trace.add(
      step,
      "note",
      `${why}: ${proposal ? `${proposal.changes.join("; ")} (${proposal.why})` : "no rule can repair this failure"}`,
    );
    return { proposal, by: "rules", tokens: 0, traces: trace.entries };
  };
  if (!rt?.model) return byRules(`offline repair rules, failure ${req.failure.kind}, attempt ${req.attempt}`);
  const prompt = [
    `Repair the failed run #${req.node.ordinal} (repair attempt ${req.attempt}).`,
    `Failure report:\n${jsonAsData("failure report", req.failure, 3000)}`,
    `The run's configuration and recipe:\n${jsonAsData("failed run", { config: req.node.config, recipe: req.node.recipe }, 4000)}`,
  ].join("\n\n");
  try {
    const r = await callStructured({
      runtime: rt,
      model: rt.model,
      schema: modelRepairSchema,
      system: REPAIR_SYSTEM,
      prompt,
      tools: executorTools({ failure: req.failure, config: req.node.config, history: req.history }),
      maxSteps: 4,
      trace,
      step,
    });
    const proposal = fromModel(req.node, r.value);
    if (!proposal) {
      const fallback = byRules("the model's repair changed nothing valid; offline repair rules instead");
      return { ...fallback, tokens: r.tokens };
    }
    return { proposal, by: rt.modelName, tokens: r.tokens, traces: trace.entries };
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    trace.add(step, "error", `the model could not propose a repair: ${reason}`);
    const fallback = byRules("offline repair rules instead");
    return { ...fallback, tokens: e instanceof AgentCallError ? e.tokens : 0 };
  }
}
