"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc-provider";
import { fieldErrorsView } from "@/components/ui/form-field";
import { ErrorNote } from "@/components/ui/section";
import { FTBENCH_TASKS, ftbenchTaskId } from "@/server/domain/tasks/ftbench-tasks";
import { DatasetPicker } from "./dataset-picker";
import { PaperTaskHint } from "./paper-task-hint";

export type DataSource = "task" | "paper" | "dataset";

/** What the exploration trains on: an FT-Bench-mini task, one of the paper's FT-Bench tasks, or a dataset. */
export function TrainingDataPicker({
  source,
  taskId,
  paperTaskId,
  datasetId,
  errors,
  onSource,
  onTaskId,
  onPaperTaskId,
  onDatasetId,
}: {
  source: DataSource;
  taskId: string;
  paperTaskId: string;
  datasetId: string | undefined;
  errors: Record<string, string>;
  onSource: (s: DataSource) => void;
  onTaskId: (id: string) => void;
  onPaperTaskId: (id: string) => void;
  onDatasetId: (id: string | undefined) => void;
}) {
  const trpc = useTRPC();
  const tasks = useQuery(trpc.task.list.queryOptions());
  const task = source === "task" ? tasks.data?.find((t) => t.id === taskId) : undefined;
  const { field, error: err } = fieldErrorsView(errors);
  return (
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
            onClick={() => onSource(k)}
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
            onChange={(e) => onTaskId(e.target.value)}
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
              onChange={(e) => onPaperTaskId(e.target.value)}
            >
              {FTBENCH_TASKS.map((t) => (
                <option key={t.id} value={ftbenchTaskId(t)}>
                  {t.name} — {t.description}
                </option>
              ))}
            </select>
          </label>
          <PaperTaskHint taskId={paperTaskId} />
          <DatasetPicker value={datasetId} onChange={onDatasetId} error={errors.taskId ?? errors.datasetId} />
        </div>
      ) : (
        <DatasetPicker value={datasetId} onChange={onDatasetId} error={errors.taskId ?? errors.datasetId} />
      )}
    </div>
  );
}
