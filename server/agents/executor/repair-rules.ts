/**
 * The Executor's offline repairs: from a failed run's failure report to a changed recipe or configuration,
 * with each change said in words. One rule per failure kind; null where no rule can act. Pure.
 */
import type { DataRecipe, RecipeOperator, TrainingConfig } from "../../contract/job-protocol.ts";
import type { FailureReport } from "./failure-report.ts";

export interface RepairProposal {
  recipe: DataRecipe;
  config: TrainingConfig;
  /** what changed, one phrase each ("learning rate 1 → 0.1") */
  changes: string[];
  /** why these changes fix the failure */
  why: string;
}

export interface Repairable {
  recipe: DataRecipe;
  config: TrainingConfig;
}

/** A repair that fixes what the failure says, or null: the node stays failed. */
export function repairByRules(node: Repairable, failure: FailureReport): RepairProposal | null {
  const rule = RULES[failure.kind];
  return rule ? rule(node, failure) : null;
}

type Rule = (node: Repairable, failure: FailureReport) => RepairProposal | null;

const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toPrecision(2).replace(/\.?0+(e|$)/, "$1"));

/** Memory: a quarter of the micro-batch (same sequences a step), then gradient checkpointing, then shorter sequences. */
const outOfMemory: Rule = ({ recipe, config }) => {
  const micro = Math.ceil(config.batchSize / config.gradientAccumulation);
  if (micro > 1) {
    const accumulation = Math.min(256, config.batchSize, config.gradientAccumulation * 4);
    const smaller = Math.ceil(config.batchSize / accumulation);
    if (smaller < micro)
      return {
        recipe,
        config: { ...config, gradientAccumulation: accumulation },
        changes: [
          `gradient accumulation ${config.gradientAccumulation} → ${accumulation} (micro-batch ${micro} → ${smaller} sequences, still ${config.batchSize} a step)`,
        ],
        why: "the run ran out of memory: activations grow with the micro-batch, and accumulating smaller micro-batches trains on the same batch in less memory",
      };
  }
  if (!config.gradientCheckpointing)
    return {
      recipe,
      config: { ...config, gradientCheckpointing: true },
      changes: ["gradient checkpointing on"],
      why: "the run ran out of memory at the smallest micro-batch: checkpointing recomputes activations in the backward pass instead of keeping them",
    };
  const length = config.maxSeqLength ?? 2048;
  if (length > 64)
    return {
      recipe,
      config: { ...config, maxSeqLength: Math.max(64, Math.floor(length / 2)) },
      changes: [`maximum sequence length ${length} → ${Math.max(64, Math.floor(length / 2))} tokens`],
      why: "the run ran out of memory with checkpointing on: shorter sequences take less memory (prompts are cut from the left)",
    };
  return null;
};

/** A diverging or NaN loss: a tenth of the learning rate, with a warm-up. */
const nanLoss: Rule = ({ recipe, config }) => {
  const learningRate = Math.max(1e-7, config.learningRate / 10);
  if (learningRate >= config.learningRate) return null;
  const warmupRatio = Math.max(config.warmupRatio, 0.1);
  return {
    recipe,
    config: { ...config, learningRate, warmupRatio },
    changes: [
      `learning rate ${fmt(config.learningRate)} → ${fmt(learningRate)}`,
      ...(warmupRatio !== config.warmupRatio ? [`warm-up ${fmt(config.warmupRatio)} → ${fmt(warmupRatio)}`] : []),
    ],
    why: "the loss diverged (NaN or exploding): the updates were too large for this model",
  };
};

/** A run stopped by its runner's time limit: half the steps. */
const timeLimit: Rule = ({ recipe, config }) => {
  if (config.steps <= 1) return null;
  const steps = Math.max(1, Math.floor(config.steps / 2));
  return {
    recipe,
    config: { ...config, steps, maxSeconds: Math.max(60, Math.floor(config.maxSeconds / 2)) },
    changes: [`training steps ${config.steps} → ${steps}`],
    why: "the run hit its time limit before it could save and evaluate: half the steps fit in the time it had",
  };
};

/** A recipe whose operator dropped every row: without that operator (never the first load). */
const emptyRecipe: Rule = ({ recipe, config }, failure) => {
  const at = failure.emptiedAt;
  if (!at || at.index === 0 || at.op === "load") return null;
  const operators = recipe.operators.filter((_, i) => i !== at.index);
  return {
    recipe: { operators },
    config,
    changes: [`removed recipe step ${at.index + 1} (${describeOp(recipe.operators[at.index])})`],
    why: `the ${at.op} step left no training rows: the recipe without it keeps the rows the steps before it made`,
  };
};

const INPUT_NAMES = ["text", "sentence", "question", "prompt", "review", "content", "document", "query", "instruction"];
const OUTPUT_NAMES = [
  "label",
  "answer",
  "sentiment",
  "target",
  "class",
  "category",
  "response",
  "completion",
  "summary",
];

/** The file's own field names, where the aliases did not match: the likeliest input and output fields. */
export function guessFieldMapping(seen: readonly string[]): { input: string; output: string } | null {
  const lower = seen.map((s) => s.toLowerCase());
  const pick = (names: string[], except?: string) =>
    names.map((n) => lower.indexOf(n)).find((i) => i >= 0 && seen[i] !== except);
  const o = pick(OUTPUT_NAMES) ?? (seen.length >= 2 ? seen.length - 1 : undefined);
  const output = o === undefined ? undefined : seen[o];
  const i = pick(INPUT_NAMES, output) ?? seen.findIndex((s) => s !== output);
  const input = i === undefined || i < 0 ? undefined : seen[i];
  return input && output && input !== output ? { input, output } : null;
}

const missingField: Rule = ({ recipe, config }, failure) => {
  const source = /^load (.+?): no row has a usable/.exec(failure.error)?.[1];
  const fields = guessFieldMapping(failure.fieldsSeen);
  if (!fields) return null;
  const index = recipe.operators.findIndex(
    (op) => op.op === "load" && !op.source.startsWith("task:") && (source === undefined || op.source === source),
  );
  const op = recipe.operators[index];
  if (!op || op.op !== "load") return null;
  const operators = recipe.operators.map((o, i) => (i === index ? { ...op, fields } : o));
  return {
    recipe: { operators },
    config,
    changes: [`load ${op.source} reads input from "${fields.input}" and output from "${fields.output}"`],
    why: `the file's rows have no input/output fields (fields seen: ${failure.fieldsSeen.join(", ")})`,
  };
};

const brokenRecipe: Rule = ({ recipe, config }, failure) => {
  if (/must start with a load operator/.test(failure.error))
    return {
      recipe: { operators: [{ op: "load", source: "task:train" }, ...recipe.operators] },
      config,
      changes: ["added load task:train as the first recipe step"],
      why: "a recipe starts from rows: it had no load step first",
    };
  const index = Number(/recipe\.operators\[(\d+)\]/.exec(failure.error)?.[1] ?? NaN);
  const op = recipe.operators[index];
  if (!op || index === 0 || recipe.operators.length < 2) return null;
  return {
    recipe: { operators: recipe.operators.filter((_, i) => i !== index) },
    config,
    changes: [`removed recipe step ${index + 1} (${describeOp(op)})`],
    why: `the worker could not run that step: ${failure.error}`,
  };
};

const RULES: Partial<Record<FailureReport["kind"], Rule>> = {
  out_of_memory: outOfMemory,
  nan_loss: nanLoss,
  time_limit: timeLimit,
  empty_recipe: emptyRecipe,
  missing_field: missingField,
  broken_recipe: brokenRecipe,
};

function describeOp(op: RecipeOperator | undefined): string {
  if (!op) return "?";
  if (op.op === "filter") return `filter ${op.rule}${op.pattern ? ` ${op.pattern}` : ""}`;
  if (op.op === "load") return `load ${op.source}`;
  return op.op;
}
