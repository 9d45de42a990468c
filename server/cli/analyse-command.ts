/**
 * `trex analyse --goal TEXT [--task ID | --dataset ID] [--json]`: the structured requirement of a goal — the same
 * object the form previews and the exploration stores — as text or JSON. Exit code 3 when it needs the user's
 * confirmation (contradictions, impossible budgets, a task the goal does not match), 2 on bad arguments.
 */
import { parseArgs } from "node:util";
import type { Db } from "../db.ts";
import { METHOD_CONSTRAINTS, type RequirementSpec } from "../domain/requirements/requirement-spec.ts";
import { formatParameters, formatSeconds } from "../domain/requirements/units.ts";
import { findTask, MINI_TASKS } from "../domain/tasks/task-registry.ts";
import { analyseGoal } from "../services/requirement-service.ts";

export const ANALYSE_USAGE =
  "trex analyse --goal TEXT [--task ID | --dataset ID] [--base-model M] [--workspace ID] [--json]";

const METHOD_WORDS: Record<(typeof METHOD_CONSTRAINTS)[number], string> = {
  any: "any (the planner chooses)",
  lora: "LoRA only",
  full: "full fine-tuning only",
  compare: "both, compared",
};
const FIELD_UNITS: Record<string, (v: number) => string> = {
  computeSeconds: (v) => `${v.toLocaleString("en")} compute-seconds (${formatSeconds(v)})`,
  wallSeconds: (v) => `${v.toLocaleString("en")} s of wall time (${formatSeconds(v)})`,
  trainingRuns: (v) => `${v} training runs`,
  rounds: (v) => `${v} rounds`,
  tokens: (v) => `${v.toLocaleString("en")} LLM tokens`,
};

/** The requirement as aligned lines for a terminal. */
export function formatRequirement(s: RequirementSpec): string[] {
  const c = s.constraints;
  const row = (k: string, v: string) => `${k.padEnd(12)} ${v}`;
  const lines = [row("summary", s.summary)];
  lines.push(
    row(
      "task",
      `${s.taskId ?? "none"} · ${s.taskType}${s.goalTask ? ` · the goal ${s.goalTask.named ? "names" : "reads like"} ${s.goalTask.id}${s.goalTask.evidence.length ? ` (${s.goalTask.evidence.slice(0, 3).join(", ")})` : ""}` : " · the goal names no known task"}`,
    ),
  );
  lines.push(row("metric", `${s.metric.name} (${s.metric.direction} is better)`));
  lines.push(
    row(
      "base model",
      `${s.baseModel.used}${s.baseModel.requested && s.baseModel.requested !== s.baseModel.used ? ` (the goal names ${s.baseModel.requested})` : ""}`,
    ),
  );
  lines.push(row("method", METHOD_WORDS[c.method]));
  lines.push(row("size cap", c.maxParameters === null ? "none" : `${formatParameters(c.maxParameters)} parameters`));
  if (s.budgets.length === 0) lines.push(row("budgets", "none stated (the exploration's defaults apply)"));
  s.budgets.forEach((b, i) =>
    lines.push(row(i === 0 ? "budgets" : "", `${(FIELD_UNITS[b.field] ?? String)(b.value)}  ← "${b.written}"`)),
  );
  lines.push(
    row(
      "samples",
      c.maxTrainingSamples === null
        ? "no cap per round (50,000 at most)"
        : `${c.maxTrainingSamples.toLocaleString("en")} per round`,
    ),
  );
  if (c.perRunSeconds !== null) lines.push(row("per run", `at most ${formatSeconds(c.perRunSeconds)}`));
  lines.push(
    row("test split", c.noTestSplit ? "never touched (the goal says so)" : "never trained on; reported at the end"),
  );
  if (c.outputFormat) lines.push(row("output", c.outputFormat));
  if (s.compare)
    lines.push(row("compare", `${s.compare.arms.join(" vs ")}${s.compare.per === "gpu-hour" ? ", per GPU-hour" : ""}`));
  lines.push(row("success", s.successCriterion.text));
  s.flags.forEach((f, i) => lines.push(row(i === 0 ? "flags" : "", f)));
  lines.push(row("analysed by", s.analysedBy));
  if (s.problems.length > 0) {
    lines.push("", "needs your confirmation before anything starts:");
    for (const p of s.problems) lines.push(`  - ${p}`);
  }
  return lines;
}

export async function analyseCommand(
  db: Db,
  args: string[],
  out: (line: string) => void = console.log,
): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        goal: { type: "string" },
        task: { type: "string" },
        dataset: { type: "string" },
        "base-model": { type: "string" },
        workspace: { type: "string", default: "default" },
        json: { type: "boolean", default: false },
      },
    }));
  } catch (e) {
    out(`${e instanceof Error ? e.message : String(e)}\n${ANALYSE_USAGE}`);
    return 2;
  }
  const goal = values.goal?.trim() ?? "";
  if (!goal) {
    out(
      `--goal: describe what the model should learn, e.g. --goal "Classify reviews by sentiment, LoRA only, 2 GPU-hours"\n${ANALYSE_USAGE}`,
    );
    return 2;
  }
  if (values.task && !findTask(values.task)) {
    out(`--task: unknown task "${values.task}"; known: ${MINI_TASKS.map((t) => t.id).join(", ")}`);
    return 2;
  }
  // the workspace's datasets are candidates too, as in the form
  const workspaceIds = [values.workspace];
  let spec: RequirementSpec;
  try {
    ({ spec } = await analyseGoal(
      db,
      { goal, taskId: values.task, datasetId: values.dataset, baseModel: values["base-model"] },
      workspaceIds,
    ));
  } catch (e) {
    out(`--dataset: ${e instanceof Error ? e.message : String(e)}`);
    return 2;
  }
  if (values.json) out(JSON.stringify(spec, null, 2));
  else for (const line of formatRequirement(spec)) out(line);
  return spec.problems.length > 0 ? 3 : 0;
}
