"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent, type ReactNode } from "react";
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
import { DatasetPicker } from "./new/dataset-picker";
import { GoalEditor } from "./new/goal-editor";
import { PlanPreview } from "./new/plan-preview";
import { budgetWithGoal } from "@/server/domain/explorations/requirement-budget";
import { editsOf, offeredSource, type AnalysisArgs } from "./new/requirement-model";
import { useRequirement } from "./new/use-requirement";
import type { StatedBudget } from "@/server/domain/requirements/requirement-spec";
import { TemplateBar } from "./new/template-bar";
import { BaseModelPicker } from "./new/base-model-picker";
import { offeredModel } from "./new/base-model-choice";
import { DEFAULT_BASE_MODEL } from "@/server/contract/base-models";

import { FTBENCH_TASKS, ftbenchTaskId } from "@/server/domain/tasks/ftbench-tasks";
import { PaperTaskHint } from "./new/paper-task-hint";

type FieldErrors = Record<string, string>;
const budgetFields: { key: keyof Budget; label: string; hint: string }[] = [
  { key: "rounds", label: "Rounds", hint: "expansions of the tree" },
  { key: "trainingRuns", label: "Training runs", hint: "jobs dispatched" },
  { key: "computeSeconds", label: "Compute (s)", hint: "summed job time" },
  { key: "wallSeconds", label: "Wall time (s)", hint: "from start to stop" },
  { key: "tokens", label: "LLM tokens", hint: "0 = no limit" },
];
const POLICY_HELP: Record<string, string> = {
  mcts: "Monte-Carlo tree search (UCT): balances improving the best branch with trying others. The paper's default.",
  gbfs: "Greedy best-first: always expands the best node so far.",
  ses: "Sequential: one line of experiments, each refining the last.",
  random: "Random expansion: a baseline for comparisons.",
};
const APPROVAL_HELP: Record<string, string> = {
  auto: "Experiments run as soon as they are planned.",
  "review-each-expansion": "Every new set of experiments waits for a reviewer.",
  "review-over-cost": "Only expensive experiments wait for a reviewer.",
};

function Card({ title, children }: { title: string; children: ReactNode }) {
  return (
    <fieldset className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
      <legend className="px-1 text-sm font-semibold">{title}</legend>
      {children}
    </fieldset>
  );
}

export function NewExplorationForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const tasks = useQuery(trpc.task.list.queryOptions());
  const [title, setTitle] = useState("");
  const [goal, setGoal] = useState("");
  const [taskId, setTaskId] = useState("mini-sst2");
  const [source, setSource] = useState<"task" | "paper" | "dataset">("task");
  // one of the paper's FT-Bench tasks, its data in a dataset of the workspace
  const [paperTaskId, setPaperTaskId] = useState(ftbenchTaskId(FTBENCH_TASKS[4] ?? { id: "sst-2" }));
  const [datasetId, setDatasetId] = useState<string | undefined>(undefined);
  const [baseModel, setBaseModel] = useState<string>(DEFAULT_BASE_MODEL);
  const [policy, setPolicy] = useState<(typeof POLICIES)[number]>("mcts");
  const [approvalMode, setApprovalMode] = useState<(typeof APPROVAL_MODES)[number]>("auto");
  const [budget, setBudget] = useState<Budget>(DEFAULT_BUDGET);
  const [runner, setRunner] = useState("local");
  const runners = useQuery(trpc.runner.list.queryOptions());
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
  const input = { title: title.trim() || undefined, goal, ...data, baseModel, policy, approvalMode, budget, runner };
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
          <div className="md:col-span-2">
            <div
              role="radiogroup"
              aria-label="Training data"
              className="mb-2 inline-flex rounded border border-slate-300 text-xs dark:border-slate-700"
            >
              {(
                [
                  ["task", "FT-Bench-mini task"],
                  ["paper", "FT-Bench (paper) task"],
                  ["dataset", "Your dataset (JSONL/CSV)"],
                ] as const
              ).map(([k, label]) => (
                <button
                  key={k}
                  type="button"
                  role="radio"
                  aria-checked={source === k}
                  className={`px-3 py-1 ${source === k ? "bg-emerald-600 text-white" : "hover:bg-slate-100 dark:hover:bg-slate-800"}`}
                  onClick={() => {
                    setSource(k);
                    revalidate(
                      k === "task"
                        ? { taskId, datasetId: undefined }
                        : { taskId: k === "paper" ? paperTaskId : undefined, datasetId },
                    );
                  }}
                >
                  {label}
                </button>
              ))}
            </div>
            {source === "task" ? (
              <label className="block text-sm font-medium">
                FT-Bench-mini task
                <select
                  name="taskId"
                  className={`${field("taskId")}`}
                  value={taskId}
                  onChange={(e) => setTaskId(e.target.value)}
                >
                  {(tasks.data ?? []).map((t) => (
                    <option key={t.id} value={t.id}>
                      {t.id} — {t.description}
                    </option>
                  ))}
                </select>
                {tasks.isError && <ErrorNote>Could not load the tasks: {tasks.error.message}</ErrorNote>}
                {task && (
                  <span className="mt-1 block text-xs font-normal text-slate-500">
                    metric: {task.metric} ({task.direction} is better) · mirrors {task.mirrors}
                  </span>
                )}
                {err("taskId")}
              </label>
            ) : source === "paper" ? (
              <div className="space-y-2">
                <label className="block text-sm font-medium">
                  FT-Bench task (the paper&apos;s)
                  <select
                    name="paperTaskId"
                    className={`${field("taskId")}`}
                    value={paperTaskId}
                    onChange={(e) => {
                      setPaperTaskId(e.target.value);
                      revalidate({ taskId: e.target.value, datasetId });
                    }}
                  >
                    {FTBENCH_TASKS.map((t) => (
                      <option key={t.id} value={ftbenchTaskId(t)}>
                        {t.name} — {t.description}
                      </option>
                    ))}
                  </select>
                </label>
                <PaperTaskHint taskId={paperTaskId} />
                <DatasetPicker
                  value={datasetId}
                  onChange={(id) => {
                    setDatasetId(id);
                    revalidate({ taskId: paperTaskId, datasetId: id });
                  }}
                  error={errors.taskId ?? errors.datasetId}
                />
              </div>
            ) : (
              <DatasetPicker
                value={datasetId}
                onChange={(id) => {
                  setDatasetId(id);
                  revalidate({ taskId: undefined, datasetId: id });
                }}
                error={errors.taskId ?? errors.datasetId}
              />
            )}
          </div>
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
      <Card title="How to search">
        <div className="grid gap-4 md:grid-cols-2">
          <label className="block text-sm font-medium">
            Search policy
            <select
              name="policy"
              className={`${field("policy")}`}
              value={policy}
              onChange={(e) => setPolicy(e.target.value as typeof policy)}
            >
              {POLICIES.map((p) => (
                <option key={p}>{p}</option>
              ))}
            </select>
            <span className="mt-1 block text-xs font-normal text-slate-500">{POLICY_HELP[policy]}</span>
          </label>
          <label className="block text-sm font-medium">
            Approval
            <select
              name="approvalMode"
              className={`${field("approvalMode")}`}
              value={approvalMode}
              onChange={(e) => setApprovalMode(e.target.value as typeof approvalMode)}
            >
              {APPROVAL_MODES.map((m) => (
                <option key={m}>{m}</option>
              ))}
            </select>
            <span className="mt-1 block text-xs font-normal text-slate-500">{APPROVAL_HELP[approvalMode]}</span>
          </label>
          <label className="block text-sm font-medium">
            Runner
            <select
              name="runner"
              className={`${field("runner")}`}
              value={runner}
              onChange={(e) => setRunner(e.target.value)}
            >
              {(runners.data ?? [{ name: "local", kind: "local" as const }]).map((r) => (
                <option key={r.name} value={r.name}>
                  {r.name === "local" ? "local (this machine)" : `${r.name} (${r.kind})`}
                </option>
              ))}
            </select>
            <span className="mt-1 block text-xs font-normal text-slate-500">
              Where training runs. Administrators add SSH, Slurm and cloud runners under{" "}
              <a className="underline" href="/settings/runners">
                Runners
              </a>
              .
            </span>
          </label>
        </div>
      </Card>
      <Card title="Budget">
        <div className="grid grid-cols-2 gap-3 md:grid-cols-5">
          {budgetFields.map(({ key, label, hint }) => (
            <label key={key} className="block text-xs font-medium">
              {label}
              <input
                name={`budget.${key}`}
                type="number"
                min={0}
                aria-invalid={errors[`budget.${key}`] ? true : undefined}
                className={`${field(`budget.${key}`)}`}
                value={Number.isNaN(budget[key]) ? "" : budget[key]}
                onChange={(e) => {
                  const next = { ...budget, [key]: e.target.valueAsNumber };
                  setBudget(next);
                  revalidate({ budget: next });
                }}
              />
              <span className="block font-normal text-slate-500">{goalHint(key) ?? hint}</span>
              {err(`budget.${key}`)}
            </label>
          ))}
        </div>
      </Card>
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
