/**
 * Requirement analysis with what a workspace knows: the task or dataset picked in the form, and the
 * workspace's uploaded datasets, which a goal may name. The form's preview, `trex analyse` and exploration
 * creation all analyse through here, so they show and store the same structured requirement.
 */
import type { Db } from "../db.ts";
import { analyseRequirement, type RequirementAnalysis } from "../agents/requirement-analysis.ts";
import type { AnalysisHints, ConstraintEdits, RequirementSpec } from "../domain/requirements/requirement-spec.ts";
import type { TaskInfo } from "../domain/tasks/task-registry.ts";
import { getDatasetIn, listDatasets, taskInfoOfDataset } from "./dataset-service.ts";
import { InvalidInputError } from "../domain/errors.ts";
import { findFtBenchTask, ftbenchTaskInfo } from "../domain/tasks/ftbench-tasks.ts";

export interface AnalysisInput {
  goal: string;
  taskId?: string;
  datasetId?: string;
  baseModel?: string;
}

/** The hints of an analysis in these workspaces; `task` when the caller already resolved the picked one. */
export async function analysisHints(
  db: Db,
  input: Omit<AnalysisInput, "goal">,
  workspaceIds: readonly string[] | undefined,
  task?: TaskInfo,
): Promise<AnalysisHints> {
  const datasets = workspaceIds ? (await listDatasets(db, workspaceIds)).map(taskInfoOfDataset) : [];
  // a paper task is analysed as itself, whichever dataset holds its data
  const paper = input.taskId ? findFtBenchTask(input.taskId) : undefined;
  const picked =
    task ??
    (paper
      ? ftbenchTaskInfo(paper)
      : input.datasetId && workspaceIds
        ? taskInfoOfDataset(await getDatasetIn(db, input.datasetId, workspaceIds))
        : undefined);
  return { task: picked, taskId: input.taskId, baseModel: input.baseModel, datasets };
}

export async function analyseGoal(
  db: Db,
  input: AnalysisInput,
  workspaceIds: readonly string[] | undefined,
  task?: TaskInfo,
): Promise<RequirementAnalysis> {
  return analyseRequirement(input.goal, await analysisHints(db, input, workspaceIds, task));
}

/** The analysed requirement with the user's edits of its hard constraints. */
export function withEdits(spec: RequirementSpec, edits: ConstraintEdits | undefined): RequirementSpec {
  if (!edits) return spec;
  const defined = Object.fromEntries(Object.entries(edits).filter(([, v]) => v !== undefined));
  const constraints = { ...spec.constraints, ...defined };
  const compare =
    constraints.method === "compare"
      ? spec.compare?.kind === "method"
        ? spec.compare
        : { kind: "method" as const, arms: ["full", "lora"], per: spec.compare?.per ?? "score" }
      : spec.compare?.kind === "method"
        ? null
        : spec.compare;
  return { ...spec, constraints, compare };
}

/** Nothing starts on a requirement that needs confirming until the user confirms it. */
export function requireConfirmation(spec: RequirementSpec, confirmed: boolean): void {
  if (confirmed || spec.problems.length === 0) return;
  throw new InvalidInputError(`Please confirm the analysed requirement before starting: ${spec.problems.join(" ")}`);
}
