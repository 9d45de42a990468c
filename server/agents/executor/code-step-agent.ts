/**
 * The Executor writes code steps: when a plan asks for a data transformation the recipe operators cannot express
 * (its `codeRequest`: reformat a field, extract a span, build a prompt from the input and the output), the model
 * writes a `python` operator — a function transform(row) — and the Executor adds it to the plan's recipe, saying why.
 * Offline no code is written: the plan keeps its declarative recipe and the trace says so. Every prompt and reply
 * lands in the trace; the node then waits for a reviewer in every approval mode (contract/code-steps.ts).
 */
import { z } from "zod";
import { dataRecipeSchema, type DataRecipe } from "../../contract/job-protocol.ts";
import type { CodeStep } from "../../contract/code-steps.ts";
import { AgentCallError, callStructured } from "../llm/structured-call.ts";
import { DATA_RULES, asData, jsonAsData } from "../llm/prompt-safety.ts";
import { getAgentRuntime, type AgentRuntime } from "../providers/agent-runtime.ts";
import { TraceRecorder, type TraceEntry } from "../traces.ts";

export const codeStepReplySchema = z.object({
  code: z
    .string()
    .min(1)
    .max(20_000)
    .describe(
      "Python 3, standard library only, defining a top-level def transform(row: dict) -> dict | list[dict] | None",
    ),
  description: z.string().min(10).max(1000).describe("what the step does and why the recipe operators cannot"),
  insertAt: z
    .number()
    .int()
    .min(1)
    .max(49)
    .optional()
    .describe("index in the recipe's operators where the step goes (default: right after the loads)"),
});

export const CODE_STEP_SYSTEM = [
  "You are the Executor of TREX: you turn experiment plans into working data recipes for a fine-tuning worker.",
  "A plan asks for a data transformation the declarative operators (load, dedup, filter, sample, " +
    "balance, augment, template, mix) cannot express. Write it as a code step: Python 3 source defining " +
    "a top-level function transform(row).",
  "transform receives one row, a dict with string fields input, output and source, and returns the new " +
    "row (a dict with string input and output), a list of rows (to split or duplicate one), or None (to " +
    "drop it).",
  "Standard library only. It runs in a sandbox: no network, no processes, no files written outside the " +
    "job folder (the working directory), with a time and memory limit; code that tries any of these is " +
    "refused and the run fails.",
  "Keep it short, deterministic and readable: a reviewer reads and approves it before it runs.",
  'Reply with JSON: {"code": "...", "description": "...", "insertAt": optional index}.',
  DATA_RULES,
].join("\n");

/** What a plan needs for a code step to be written: its request, its recipe, and its rationale to extend. */
export interface CodeStepPlan {
  codeRequest?: string;
  recipe: DataRecipe;
  rationale: string;
  tokens: number;
  failure: string | null;
}

export interface CodeStepContext {
  /** the configured one when absent */
  runtime?: AgentRuntime;
  /** the trace step the plans belong to (the expansion's) */
  step: string;
  /** a few of the parent's training rows after its recipe, so the code fits the data */
  samples: readonly { input: string; output: string }[];
}

const afterLoads = (recipe: DataRecipe) => {
  const i = recipe.operators.findIndex((o) => o.op !== "load");
  return i < 0 ? recipe.operators.length : i;
};

/** The plan's recipe with the step inserted, or why it cannot be (the protocol's own check). */
function withStep(recipe: DataRecipe, step: CodeStep, at: number | undefined): DataRecipe | string {
  const index = Math.min(Math.max(1, at ?? afterLoads(recipe)), recipe.operators.length);
  const operators = [...recipe.operators.slice(0, index), step, ...recipe.operators.slice(index)];
  const parsed = dataRecipeSchema.safeParse({ operators });
  return parsed.success ? parsed.data : parsed.error.issues.map((i) => i.message).join("; ");
}

/**
 * Plans with a code request get the code step the model writes; plans without one are returned as they are.
 * A request the model cannot fulfil (offline, an error, code the protocol refuses) leaves the plan without the step
 * and says so in its rationale, so the experiment still runs what it can.
 */
export async function addCodeSteps<P extends CodeStepPlan>(
  plans: readonly P[],
  ctx: CodeStepContext,
): Promise<{ plans: P[]; traces: TraceEntry[]; tokens: number }> {
  let runtime: AgentRuntime | null = null;
  try {
    runtime = ctx.runtime ?? getAgentRuntime();
  } catch {
    runtime = null; // a misconfigured model writes no code; the plans go on without it
  }
  const model = runtime?.model;
  const trace = new TraceRecorder("executor", runtime && model ? runtime.modelName : null);
  let tokens = 0;
  const out: P[] = [];
  for (const plan of plans) {
    const request = plan.codeRequest;
    if (!request || plan.failure) {
      out.push(plan);
      continue;
    }
    const without = (why: string): P => ({
      ...plan,
      codeRequest: undefined,
      rationale: `${plan.rationale} (A code step was asked for — ${request.slice(0, 200)} — but not added: ${why}.)`,
    });
    if (!runtime || !model) {
      trace.add(ctx.step, "note", `code step asked for (${request}); offline the Executor writes no code`);
      out.push(without("offline the Executor writes no code"));
      continue;
    }
    const prompt = [
      `Write the code step this plan asks for:\n${asData("code request", request, 1000)}`,
      `The plan's recipe so far:\n${jsonAsData("recipe", plan.recipe, 3000)}`,
      `Rows as they reach training today (user data):\n${jsonAsData("sample rows", ctx.samples.slice(0, 5), 3000)}`,
    ].join("\n\n");
    try {
      const r = await callStructured({
        runtime,
        model,
        schema: codeStepReplySchema,
        system: CODE_STEP_SYSTEM,
        prompt,
        maxSteps: 1,
        trace,
        step: ctx.step,
      });
      tokens += r.tokens;
      const step: CodeStep = {
        op: "python",
        code: r.value.code,
        description: r.value.description,
        timeoutSeconds: 60,
        memoryMiB: 1024,
      };
      const recipe = withStep(plan.recipe, step, r.value.insertAt);
      if (typeof recipe === "string") {
        trace.add(ctx.step, "error", `the code step was refused by the protocol: ${recipe}`);
        out.push({ ...without(`the protocol refused it (${recipe})`), tokens: plan.tokens + r.tokens });
        continue;
      }
      trace.add(ctx.step, "note", `code step added to the recipe: ${r.value.description}`);
      out.push({
        ...plan,
        recipe,
        tokens: plan.tokens + r.tokens,
        rationale: `${plan.rationale} Code step by the Executor: ${r.value.description}`,
      });
    } catch (e) {
      const reason = e instanceof Error ? e.message : String(e);
      const spent = e instanceof AgentCallError ? e.tokens : 0;
      tokens += spent;
      trace.add(ctx.step, "error", `the code step could not be written: ${reason}`);
      out.push({
        ...without(`the Executor could not write it (${reason.slice(0, 200)})`),
        tokens: plan.tokens + spent,
      });
    }
  }
  return { plans: out, traces: trace.entries, tokens };
}
