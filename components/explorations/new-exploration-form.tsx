"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Button } from "@/components/ui/button";
import { fieldErrorsView } from "@/components/ui/form-field";
import { ErrorNote } from "@/components/ui/section";
import {
  APPROVAL_MODES,
  createExplorationSchema,
  DEFAULT_BUDGET,
  type Budget,
} from "@/server/domain/explorations/exploration-input";
import { POLICIES } from "@/server/domain/tree/policies";
import { GoalEditor } from "./new/goal-editor";
import { PlanPreview } from "./new/plan-preview";
import { budgetWithGoal } from "@/server/domain/explorations/requirement-budget";
import { editsOf, offeredSource, type AnalysisArgs } from "./new/requirement-model";
import { useRequirement } from "./new/use-requirement";
import type { StatedBudget } from "@/server/domain/requirements/requirement-spec";
import { TemplateBar } from "./new/template-bar";
import { TrainingDataPicker, type DataSource } from "./new/training-data-picker";
import { FormCard as Card } from "./new/form-card";
import { SearchSettings } from "./new/search-settings";
import { BudgetFields } from "./new/budget-fields";
import { BaseModelPicker } from "./new/base-model-picker";
import { offeredModel } from "./new/base-model-choice";
import { DEFAULT_BASE_MODEL } from "@/server/contract/base-models";
import { NO_ABLATIONS, type Ablations } from "@/server/contract/ablations";

import { FTBENCH_TASKS, ftbenchTaskId } from "@/server/domain/tasks/ftbench-tasks";

type FieldErrors = Record<string, string>;

export function NewExplorationForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const tasks = useQuery(trpc.task.list.queryOptions());
  const [title, setTitle] = useState("");
  const [goal, setGoal] = useState("");
  const [taskId, setTaskId] = useState("mini-sst2");
  const [source, setSource] = useState<DataSource>("task");
  // one of the paper's FT-Bench tasks, its data in a dataset of the workspace
  const [paperTaskId, setPaperTaskId] = useState(ftbenchTaskId(FTBENCH_TASKS[4] ?? { id: "sst-2" }));
  const [datasetId, setDatasetId] = useState<string | undefined>(undefined);
  const [baseModel, setBaseModel] = useState<string>(DEFAULT_BASE_MODEL);
  const [policy, setPolicy] = useState<(typeof POLICIES)[number]>("mcts");
  const [approvalMode, setApprovalMode] = useState<(typeof APPROVAL_MODES)[number]>("auto");
  const [budget, setBudget] = useState<Budget>(DEFAULT_BUDGET);
  const [runner, setRunner] = useState("local");
  const [ablations, setAblations] = useState<Ablations>(NO_ABLATIONS);
  // an exploration on a dataset is created in the dataset's workspace
  const datasets = useQuery(trpc.dataset.list.queryOptions());
  const [errors, setErrors] = useState<FieldErrors>({});
  const [submitted, setSubmitted] = useState(false);
  const create = useMutation(
    trpc.exploration.create.mutationOptions({ onSuccess: ({ id }) => router.push(`/explorations/${id}`) }),
  );
  // the goal's budgets written into the budget fields by the last analysis
  const [fromGoal, setFromGoal] = useState<StatedBudget[]>([]);
  const [confirmHint, setConfirmHint] = useState(false);

  const datasetWorkspace = datasets.data?.find((d) => d.id === datasetId)?.workspaceId;
  const data: { taskId?: string; datasetId?: string; workspaceId?: string } =
    source === "task"
      ? { taskId }
      : source === "paper"
        ? { taskId: paperTaskId, datasetId, workspaceId: datasetWorkspace }
        : { datasetId, workspaceId: datasetWorkspace };
  const input = {
    title: title.trim() || undefined,
    goal,
    ...data,
    baseModel,
    policy,
    approvalMode,
    budget,
    runner,
    ablations,
  };
  const validate = (next: Record<string, unknown> = input) => {
    const parsed = createExplorationSchema.safeParse(next);
    setErrors(parsed.success ? {} : Object.fromEntries(parsed.error.issues.map((i) => [i.path.join("."), i.message])));
    return parsed;
  };
  // after a first attempt, errors follow the fields as they are corrected
  const revalidate = (patch: Partial<typeof input>) => {
    if (submitted)
      validate({ ...input, taskId: undefined, datasetId: undefined, workspaceId: undefined, ...data, ...patch });
  };
  const req = useRequirement({
    goal,
    taskId: data.taskId,
    datasetId: data.datasetId,
    workspaceId: data.workspaceId,
    baseModel,
  });
  /** analyse the goal and write its budgets into the budget fields */
  const analyse = async (override: Partial<AnalysisArgs> = {}) => {
    const spec = await req.analyse(override);
    const goalBudget = budgetWithGoal(budget, spec.budgets);
    setBudget(goalBudget.budget);
    setFromGoal(goalBudget.applied);
    setConfirmHint(false);
    return { spec, budget: goalBudget.budget };
  };
  // nothing starts before the goal is analysed; what the analysis needs confirmed waits for the checkbox
  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    setSubmitted(true);
    if (!validate().success) return;
    let spec = req.fresh ? req.spec : undefined;
    let startBudget = budget;
    let edits = req.edits;
    let confirmed = req.confirmed;
    if (!spec) {
      try {
        ({ spec, budget: startBudget } = await analyse());
      } catch {
        return; // the preview shows why
      }
      edits = editsOf(spec);
      confirmed = false;
    }
    if (spec.problems.length > 0 && !confirmed) {
      setConfirmHint(true);
      return;
    }
    const parsed = validate({ ...input, budget: startBudget });
    if (parsed.success) create.mutate({ ...parsed.data, constraints: edits, confirmed: spec.problems.length > 0 });
  };
  const goalHint = (key: keyof Budget) => {
    const b = fromGoal.find((s) => s.field === key && s.value === budget[key]);
    return b ? `from the goal: "${b.written}"` : null;
  };
  const useGoalTask = () => {
    const offer = req.spec ? offeredSource(req.spec) : null;
    if (!offer) return;
    if (offer.source === "task") {
      setSource("task");
      setTaskId(offer.taskId);
      void analyse({ taskId: offer.taskId, datasetId: undefined, workspaceId: undefined }).catch(() => undefined);
    } else {
      const workspaceId = datasets.data?.find((d) => d.id === offer.datasetId)?.workspaceId;
      setSource("dataset");
      setDatasetId(offer.datasetId);
      void analyse({ taskId: undefined, datasetId: offer.datasetId, workspaceId }).catch(() => undefined);
    }
  };

  const task = source === "task" ? tasks.data?.find((t) => t.id === taskId) : undefined;
  const { field, error: err } = fieldErrorsView(errors);

  return (
    <form onSubmit={submit} noValidate className="space-y-4" data-testid="new-exploration-form">
      <TemplateBar
        current={() => ({
          goal,
          taskId,
          ...(source === "dataset" && datasetId ? { datasetId } : {}),
          baseModel,
          policy,
          approvalMode,
          budget,
        })}
        onLoad={(t) => {
          setGoal(t.goal);
          if (t.taskId) setTaskId(t.taskId);
          setSource(t.datasetId ? "dataset" : "task");
          setDatasetId(t.datasetId);
          setBaseModel(t.baseModel);
          if ((POLICIES as readonly string[]).includes(t.policy)) setPolicy(t.policy as (typeof POLICIES)[number]);
          if ((APPROVAL_MODES as readonly string[]).includes(t.approvalMode))
            setApprovalMode(t.approvalMode as (typeof APPROVAL_MODES)[number]);
          setBudget(t.budget);
        }}
      />
      <Card title="What to fine-tune">
        <div className="grid gap-4 md:grid-cols-3">
          <TrainingDataPicker
            source={source}
            taskId={taskId}
            paperTaskId={paperTaskId}
            datasetId={datasetId}
            errors={errors}
            onSource={(k) => {
              setSource(k);
              revalidate(
                k === "task"
                  ? { taskId, datasetId: undefined }
                  : { taskId: k === "paper" ? paperTaskId : undefined, datasetId },
              );
            }}
            onTaskId={setTaskId}
            onPaperTaskId={(id) => {
              setPaperTaskId(id);
              revalidate({ taskId: id, datasetId });
            }}
            onDatasetId={(id) => {
              setDatasetId(id);
              revalidate({ taskId: source === "paper" ? paperTaskId : undefined, datasetId: id });
            }}
          />
          <BaseModelPicker
            value={baseModel}
            onChange={(m) => {
              setBaseModel(m);
              revalidate({ baseModel: m });
            }}
            fieldClass={field("baseModel")}
            error={err("baseModel")}
          />
          <label className="block text-sm font-medium md:col-span-3">
            Title <span className="font-normal text-slate-500">(optional)</span>
            <input
              name="title"
              className={`${field("title")}`}
              value={title}
              placeholder={task ? `${task.name}: …` : ""}
              onChange={(e) => setTitle(e.target.value)}
            />
            {err("title")}
          </label>
        </div>
        <div className="mt-4">
          <GoalEditor
            value={goal}
            onChange={(v) => {
              setGoal(v);
              revalidate({ goal: v });
            }}
            error={errors.goal}
            exampleGoal={task ? { taskId: task.id, goal: task.exampleGoal } : undefined}
            onUseExample={(t, g) => {
              // an example belongs to its FT-Bench-mini task
              setSource("task");
              setTaskId(t);
              setGoal(g);
              revalidate({ taskId: t, datasetId: undefined, goal: g });
            }}
          />
        </div>
      </Card>
      <SearchSettings
        policy={policy}
        onPolicy={setPolicy}
        approvalMode={approvalMode}
        onApprovalMode={setApprovalMode}
        runner={runner}
        onRunner={setRunner}
        ablations={ablations}
        onAblations={setAblations}
        errors={errors}
      />

      <BudgetFields
        budget={budget}
        errors={errors}
        hintOf={goalHint}
        onChange={(next) => {
          setBudget(next);
          revalidate({ budget: next });
        }}
      />
      <PlanPreview
        req={req}
        goalEmpty={goal.trim() === ""}
        applied={fromGoal}
        onAnalyse={() => void analyse().catch(() => undefined)}
        onUseGoalTask={useGoalTask}
        offeredModel={req.spec ? offeredModel(req.spec, baseModel) : null}
        onUseGoalModel={(m) => {
          setBaseModel(m);
          void analyse({ baseModel: m }).catch(() => undefined);
        }}
      />
      {confirmHint && req.spec && req.spec.problems.length > 0 && !req.confirmed && (
        <ErrorNote>The analysis above needs your confirmation: read it, then tick the box (or fix the goal).</ErrorNote>
      )}
      {create.error && <ErrorNote>{create.error.message}</ErrorNote>}
      <div className="flex items-center gap-3">
        <Button
          type="submit"
          variant="primary"
          className="px-4 py-2 text-sm"
          disabled={create.isPending || req.preview.isPending}
        >
          {create.isPending ? "Starting…" : req.preview.isPending ? "Analysing the goal…" : "Start exploration"}
        </Button>
        {Object.keys(errors).length > 0 && (
          <span className="text-xs text-rose-600 dark:text-rose-400">Fix the fields marked in red.</span>
        )}
      </div>
    </form>
  );
}
