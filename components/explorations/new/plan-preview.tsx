"use client";

import { Button } from "@/components/ui/button";
import { ErrorNote } from "@/components/ui/section";
import { sameBaseModel, type BaseModel } from "@/server/contract/base-models";
import type { StatedBudget } from "@/server/domain/requirements/requirement-spec";
import { ConstraintFields } from "./constraint-fields";
import { stripMarkdown } from "./markdown-view";
import { describeStatedBudget, offeredSource } from "./requirement-model";
import type { RequirementState } from "./use-requirement";

/**
 * The Researcher's requirement analysis of the goal, before anything is created or run: the task (and the goal's
 * own, one click away when the picker disagrees), the metric, the hard constraints as editable fields, the budgets
 * the goal states, and what needs confirming before the start.
 */
export function PlanPreview({
  req,
  goalEmpty,
  applied,
  onAnalyse,
  onUseGoalTask,
  offeredModel,
  onUseGoalModel,
}: {
  req: RequirementState;
  goalEmpty: boolean;
  applied: readonly StatedBudget[];
  onAnalyse: () => void;
  onUseGoalTask: () => void;
  /** the catalogue model the goal asks for when another one is picked */
  offeredModel: BaseModel | null;
  onUseGoalModel: (id: string) => void;
}) {
  const { spec, preview } = req;
  const stale = spec !== undefined && !req.fresh;
  const offer = spec ? offeredSource(spec) : null;
  return (
    <section
      className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
      data-testid="plan-preview"
    >
      <div className="flex items-center gap-3">
        <h2 className="text-sm font-semibold">Preview the plan</h2>
        <span className="text-xs text-slate-500">
          How the Researcher reads the goal: nothing is created or run. Starting analyses it first.
        </span>
        <Button className="ml-auto" disabled={goalEmpty || preview.isPending} onClick={onAnalyse}>
          {preview.isPending ? "Analysing…" : spec ? "Preview again" : "Preview plan"}
        </Button>
      </div>
      {preview.error && (
        <div className="mt-2">
          <ErrorNote>{preview.error.message}</ErrorNote>
        </div>
      )}
      {spec && (
        <div className={`mt-3 space-y-3 text-sm ${stale ? "opacity-60" : ""}`} data-testid="requirement-analysis">
          {stale && (
            <p className="text-xs text-amber-700 dark:text-amber-400">
              The goal or the data changed since this preview; starting analyses it again.
            </p>
          )}
          <p>{stripMarkdown(spec.summary)}</p>
          {offer && (
            <div
              className="flex flex-wrap items-center gap-2 rounded border border-amber-300 bg-amber-50 px-3 py-2 text-xs text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200"
              data-testid="task-mismatch"
            >
              <span>
                The goal {spec.goalTask?.named ? "names" : "reads like"} <strong>{offer.name}</strong>
                {spec.goalTask?.evidence.length ? ` (${spec.goalTask.evidence.slice(0, 3).join(", ")})` : ""}, not the
                picked {spec.taskId}.
              </span>
              <Button variant="primary" onClick={onUseGoalTask} data-testid="use-goal-task">
                Use {offer.name}
              </Button>
            </div>
          )}
          {offeredModel && (
            <div
              className="flex flex-wrap items-center gap-2 rounded border border-amber-300 bg-amber-50 px-3 py-2 text-xs text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200"
              data-testid="model-mismatch"
            >
              <span>
                The goal asks for <strong>{spec.baseModel.requested}</strong>, not the picked {spec.baseModel.used}.
              </span>
              <Button variant="primary" onClick={() => onUseGoalModel(offeredModel.id)} data-testid="use-goal-model">
                Train {offeredModel.id}
              </Button>
            </div>
          )}
          <dl className="grid grid-cols-[9rem_1fr] gap-x-3 gap-y-1 text-xs">
            <dt className="text-slate-500">task</dt>
            <dd>
              {spec.taskType}
              {spec.taskId ? ` · ${spec.taskId}` : ""}
              {spec.domain ? ` · ${spec.domain}` : ""}
            </dd>
            <dt className="text-slate-500">metric</dt>
            <dd>
              {spec.metric.name} ({spec.metric.direction} is better)
            </dd>
            <dt className="text-slate-500">success</dt>
            <dd>{spec.successCriterion.text}</dd>
            <dt className="text-slate-500">base model</dt>
            <dd>
              {spec.baseModel.used}
              {spec.baseModel.requested && !sameBaseModel(spec.baseModel.requested, spec.baseModel.used)
                ? ` (goal asks for ${spec.baseModel.requested})`
                : ""}
            </dd>
            <dt className="text-slate-500">budgets from the goal</dt>
            <dd data-testid="goal-budgets">
              {spec.budgets.length === 0
                ? "none stated: the budget fields below apply"
                : spec.budgets.map((b) => (
                    <span key={b.field} className="block">
                      {describeStatedBudget(b)}
                      {applied.some((a) => a.field === b.field) ? " · filled in below" : " · not usable"}
                    </span>
                  ))}
            </dd>
            {spec.compare && (
              <>
                <dt className="text-slate-500">compares</dt>
                <dd>
                  {spec.compare.arms.join(" vs ")}
                  {spec.compare.per === "gpu-hour" ? ", score per GPU-hour" : ""}: both branches are planned, the
                  exploration page compares them
                </dd>
              </>
            )}
            {spec.constraints.notes.length > 0 && (
              <>
                <dt className="text-slate-500">other constraints</dt>
                <dd>{spec.constraints.notes.join("; ")}</dd>
              </>
            )}
            <dt className="text-slate-500">analysed by</dt>
            <dd>
              {spec.analysedBy} · {req.tokens.toLocaleString("en")} tokens
            </dd>
          </dl>
          <ConstraintFields key={JSON.stringify(preview.variables ?? {})} edits={req.edits} onChange={req.setEdits} />
          {spec.flags.length > 0 && (
            <ul className="list-disc rounded bg-amber-50 py-1 pl-6 pr-2 text-xs text-amber-900 dark:bg-amber-950 dark:text-amber-200">
              {spec.flags.map((f) => (
                <li key={f}>{f}</li>
              ))}
            </ul>
          )}
          {spec.problems.length > 0 && (
            <div
              className="rounded border border-rose-300 bg-rose-50 px-3 py-2 text-xs text-rose-900 dark:border-rose-800 dark:bg-rose-950 dark:text-rose-200"
              data-testid="requirement-problems"
            >
              <p className="font-semibold">Before anything starts, please confirm:</p>
              <ul className="list-disc pl-5">
                {spec.problems.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
              <label className="mt-2 flex items-center gap-2 font-medium">
                <input
                  type="checkbox"
                  name="confirmRequirement"
                  checked={req.confirmed}
                  onChange={(e) => req.setConfirmed(e.target.checked)}
                />
                I have read this and want to start with the requirement as shown
              </label>
            </div>
          )}
        </div>
      )}
    </section>
  );
}
