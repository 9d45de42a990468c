"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { useTRPC } from "@/components/providers/trpc-provider";
import { createExplorationSchema, DEFAULT_BUDGET, APPROVAL_MODES, type Budget } from "@/server/domain/explorations/exploration-input";
import { POLICIES } from "@/server/domain/tree/policies";

type FieldErrors = Record<string, string>;
const budgetFields: { key: keyof Budget; label: string }[] = [
  { key: "rounds", label: "Rounds" },
  { key: "trainingRuns", label: "Training runs" },
  { key: "computeSeconds", label: "Compute (s)" },
  { key: "wallSeconds", label: "Wall time (s)" },
];

export function NewExplorationForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const tasks = useQuery(trpc.task.list.queryOptions());
  const [goal, setGoal] = useState("");
  const [taskId, setTaskId] = useState("mini-sst2");
  const [policy, setPolicy] = useState<(typeof POLICIES)[number]>("mcts");
  const [approvalMode, setApprovalMode] = useState<(typeof APPROVAL_MODES)[number]>("auto");
  const [budget, setBudget] = useState<Budget>(DEFAULT_BUDGET);
  const [errors, setErrors] = useState<FieldErrors>({});
  const create = useMutation(trpc.exploration.create.mutationOptions({ onSuccess: ({ id }) => router.push(`/explorations/${id}`) }));

  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    const input = { goal, taskId, policy, approvalMode, budget };
    const parsed = createExplorationSchema.safeParse(input);
    if (!parsed.success) {
      setErrors(Object.fromEntries(parsed.error.issues.map((i) => [i.path.join("."), i.message])));
      return;
    }
    setErrors({});
    create.mutate(parsed.data);
  };

  const task = tasks.data?.find((t) => t.id === taskId);
  const field = "mt-1 w-full rounded border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-900";
  const err = (k: string) => (errors[k] ? <p role="alert" className="mt-1 text-xs text-rose-600">{errors[k]}</p> : null);

  return (
    <form onSubmit={submit} noValidate className="space-y-4">
      <label className="block text-sm font-medium">
        FT-Bench-mini task
        <select name="taskId" className={field} value={taskId} onChange={(e) => setTaskId(e.target.value)}>
          {(tasks.data ?? []).map((t) => (
            <option key={t.id} value={t.id}>
              {t.id} — {t.description}
            </option>
          ))}
        </select>
        {err("taskId")}
      </label>
      <label className="block text-sm font-medium">
        Goal
        <textarea
          name="goal"
          className={`${field} h-32 font-mono`}
          placeholder={task?.exampleGoal ?? "Describe what the fine-tuned model should do, the metric and any constraints."}
          value={goal}
          onChange={(e) => setGoal(e.target.value)}
        />
        {err("goal")}
        {task && (
          <button type="button" className="mt-1 text-xs text-emerald-700 underline dark:text-emerald-400" onClick={() => setGoal(task.exampleGoal)}>
            Use the example goal for {task.id}
          </button>
        )}
      </label>
      <div className="grid grid-cols-2 gap-4">
        <label className="block text-sm font-medium">
          Search policy
          <select name="policy" className={field} value={policy} onChange={(e) => setPolicy(e.target.value as typeof policy)}>
            {POLICIES.map((p) => (
              <option key={p}>{p}</option>
            ))}
          </select>
        </label>
        <label className="block text-sm font-medium">
          Approval
          <select name="approvalMode" className={field} value={approvalMode} onChange={(e) => setApprovalMode(e.target.value as typeof approvalMode)}>
            {APPROVAL_MODES.map((m) => (
              <option key={m}>{m}</option>
            ))}
          </select>
        </label>
      </div>
      <fieldset className="grid grid-cols-4 gap-3">
        <legend className="mb-1 text-sm font-medium">Budget</legend>
        {budgetFields.map(({ key, label }) => (
          <label key={key} className="block text-xs">
            {label}
            <input
              name={`budget.${key}`}
              type="number"
              className={field}
              value={Number.isNaN(budget[key]) ? "" : budget[key]}
              onChange={(e) => setBudget({ ...budget, [key]: e.target.valueAsNumber })}
            />
            {err(`budget.${key}`)}
          </label>
        ))}
      </fieldset>
      {create.error && <p role="alert" className="rounded bg-rose-50 p-2 text-sm text-rose-700 dark:bg-rose-950 dark:text-rose-300">{create.error.message}</p>}
      <button type="submit" disabled={create.isPending} className="rounded bg-emerald-600 px-4 py-2 text-sm font-medium text-white hover:bg-emerald-700 disabled:opacity-50">
        {create.isPending ? "Starting…" : "Start exploration"}
      </button>
    </form>
  );
}
