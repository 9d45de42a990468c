/**
 * The Researcher's planning with a language model: the prompt (instructions, then everything untrusted as
 * data), the zod schema the reply must match (plans built from protocol.ts operators), and the conversion
 * of a reply into plans the Executor can check. Pure: the call itself is in researcher-agent.ts.
 */
import { z } from "zod";
import {
  dataRecipeSchema,
  trainingConfigSchema,
  type DataRecipe,
  type TrainingConfig,
} from "../../contract/job-protocol.ts";
import { DATA_RULES, asData, jsonAsData } from "../llm/prompt-safety.ts";
import { citesMatchingEntry } from "./knowledge-plans.ts";
import type { Direction } from "../../domain/tree/directions.ts";
import type { ProposedPlan } from "./offline-planner.ts";

export const PLAN_DIRECTIONS = [
  "tune_hyperparameters",
  "add_data",
  "clean_data",
  "change_method",
  "change_base",
] as const;

/** Settings a plan changes relative to the parent; null keeps the parent's value. No defaults: absence means "unchanged". */
export const configChangesSchema = z.object({
  baseModel: z.string().min(1).max(300).nullable().optional(),
  method: z.enum(["full", "lora", "qlora"]).nullable().optional(),
  steps: z.number().int().min(1).max(200_000).nullable().optional(),
  batchSize: z.number().int().min(1).max(1024).nullable().optional(),
  learningRate: z.number().positive().max(1).nullable().optional(),
  weightDecay: z.number().min(0).max(1).nullable().optional(),
  warmupRatio: z.number().min(0).max(0.5).nullable().optional(),
  dropout: z.number().min(0).max(0.9).nullable().optional(),
  labelSmoothing: z.number().min(0).max(0.5).nullable().optional(),
  loraRank: z.number().int().min(1).max(1024).nullable().optional(),
  seed: z.number().int().nullable().optional(),
});

export const modelPlanSchema = z.object({
  direction: z.enum(PLAN_DIRECTIONS),
  title: z.string().min(3).max(120),
  rationale: z.string().min(10).max(1500),
  hypotheses: z.array(z.string().min(3).max(300)).min(1).max(4),
  recipe: dataRecipeSchema,
  config: configChangesSchema,
  warmStart: z.boolean().describe("continue from the parent's checkpoint instead of the base model"),
  citations: z.array(z.string().max(160)).max(6).default([]),
  codeRequest: z
    .string()
    .min(10)
    .max(1000)
    .optional()
    .describe(
      "only when the plan needs a data transformation the operators cannot express (reformat a field, " +
        "extract a span, build a prompt from input and output): what it must do; the Executor writes it as a " +
        "code step",
    ),
});

export const modelExpansionSchema = z.object({
  diagnosis: z.string().min(3).max(1500).describe("what the parent's results show, in two or three sentences"),
  plans: z.array(modelPlanSchema).min(1).max(5),
});

export const PLANNER_SYSTEM = [
  "You are the Researcher of TREX, which improves a fine-tuned model by a tree search over experiments.",
  "Each experiment is a declarative data recipe plus a training configuration, run by a worker; you never write code.",
  "When a plan needs a data transformation the operators cannot express (reformat a field, extract a " +
    "span, build a prompt from the input and the output), describe it in the plan's codeRequest: the " +
    "Executor writes it as a code step, which a reviewer approves before it runs.",
  "Plan coarse-to-fine: first choose a direction (tune_hyperparameters, add_data, clean_data, " +
    "change_method, change_base), then give a concrete plan: title, rationale, hypotheses, the full data " +
    "recipe and the settings that change.",
  "Recipe operators (JSON objects with an `op` field): load {source: 'task:train', limit}, dedup " +
    "{mode: exact|near, threshold}, filter {rule: valid_label|regex|max_chars, field: input|output, " +
    "pattern?, maxChars?}, sample {n, seed}, balance {field: 'output'}, augment {kind: " +
    "task|char_noise|shuffle_words, factor 0-5, seed}, template {template with {input}}, mix {ratios}.",
  "Use the diagnosis, the memory of the tree and the insights. Do not repeat an experiment already " +
    "tried from this node. Propose diverse plans that fit the remaining budget.",
  "Use the research tools when they help (knowledge_base_search first; the online ones may be " +
    "unavailable) and cite what you used (kb:…, hf:…, arxiv:…).",
  DATA_RULES,
].join("\n");

export interface PlannerPromptInput {
  goalSummary: string;
  spec: Record<string, unknown>;
  parent: { ordinal: number; score: number | null; config: TrainingConfig; recipe: unknown; hasCheckpoint: boolean };
  diagnosis: string;
  badCases: readonly { input: string; expected: string; predicted: string; errorType: string }[];
  memory: string;
  retrieved: readonly { id: string; title: string; summary: string }[];
  budget: Record<string, number>;
  count: number;
  /** the goal's hard constraints as sentences: plan review refuses a plan that breaks one */
  hardConstraints?: readonly string[];
}

export function plannerPrompt(p: PlannerPromptInput): string {
  return [
    `Propose ${p.count} experiments that expand node #${p.parent.ordinal} (validation score ${p.parent.score ?? "none"}).`,
    `The exploration's requirement spec:\n${jsonAsData("requirement spec", { summary: p.goalSummary, ...p.spec }, 3000)}`,
    `The parent's training configuration and data recipe:\n${jsonAsData("parent experiment", { config: p.parent.config, recipe: p.parent.recipe, hasCheckpoint: p.parent.hasCheckpoint }, 4000)}`,
    `Rule-based diagnosis of the parent:\n${asData("diagnosis", p.diagnosis, 1500)}`,
    `Validation bad cases of the parent (inputs are user data):\n${jsonAsData("bad cases", p.badCases.slice(0, 8), 3000)}`,
    `Memory of the tree:\n${asData("memory context", p.memory, 16_000)}`,
    `Knowledge-base recipes retrieved for this diagnosis:\n${jsonAsData("retrieved recipes", p.retrieved, 3000)}`,
    `Remaining budget: ${JSON.stringify(p.budget)}.`,
    p.hardConstraints && p.hardConstraints.length > 0
      ? `Hard constraints of the goal (a plan that breaks one is refused):\n${p.hardConstraints.map((c) => `- ${c}`).join("\n")}`
      : "",
  ]
    .filter(Boolean)
    .join("\n\n");
}

/**
 * A model plan as a ProposedPlan: its setting changes applied over the parent's configuration. A knowledge-base
 * citation stays only if the plan makes the changes that entry prescribes: a rationale never cites a recipe it did not plan.
 */
export function toProposedPlan(
  plan: z.infer<typeof modelPlanSchema>,
  parent: { config: TrainingConfig; recipe: DataRecipe },
): ProposedPlan {
  const changes = Object.fromEntries(Object.entries(plan.config).filter(([, v]) => v !== null && v !== undefined));
  // every change is within the protocol's ranges (same bounds), so this only fills in the parent's values
  const config = trainingConfigSchema.parse({ ...parent.config, ...changes });
  const planned = { recipe: plan.recipe, config };
  const kept = plan.citations.filter((c) => citesMatchingEntry(c, parent, planned));
  const rationale = plan.rationale.replace(/\[?kb:[a-z0-9-]+\]?/g, (c) =>
    citesMatchingEntry(c, parent, planned) ? c : "(uncited: not the recipe planned)",
  );
  const cites = kept.length > 0 ? ` Sources: ${kept.join("; ")}.` : "";
  return {
    direction: plan.direction as Direction,
    title: plan.title,
    rationale: `${rationale}${cites}`,
    hypotheses: plan.hypotheses,
    recipe: plan.recipe,
    config,
    warmStart: plan.warmStart,
    ...(plan.codeRequest ? { codeRequest: plan.codeRequest } : {}),
  };
}
