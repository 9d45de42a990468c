"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Button } from "@/components/ui/button";
import { ErrorNote } from "@/components/ui/section";
import { budgetSchema, type Budget } from "@/server/domain/explorations/exploration-input";

const fields: { key: keyof Budget; label: string }[] = [
  { key: "rounds", label: "Rounds" },
  { key: "trainingRuns", label: "Runs" },
  { key: "computeSeconds", label: "Compute (s)" },
  { key: "wallSeconds", label: "Wall (s)" },
  { key: "tokens", label: "Tokens" },
];

/** Raise (or lower, not below what is spent) an exploration's budget while it runs. */
export function BudgetEditor({
  explorationId,
  budget,
  disabled,
}: {
  explorationId: string;
  budget: Budget;
  disabled: boolean;
}) {
  const trpc = useTRPC();
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState<Budget>(budget);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const update = useMutation(trpc.exploration.updateBudget.mutationOptions({ onSuccess: () => setOpen(false) }));
  const save = () => {
    const parsed = budgetSchema.safeParse(draft);
    setErrors(parsed.success ? {} : Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message])));
    if (parsed.success) update.mutate({ id: explorationId, budget: parsed.data });
  };
  if (!open) {
    return (
      <Button
        variant="ghost"
        disabled={disabled}
        onClick={() => {
          setDraft(budget);
          setErrors({});
          update.reset();
          setOpen(true);
        }}
        title="Change the budget"
        aria-label="Edit budget"
      >
        ✎
      </Button>
    );
  }
  return (
    <div
      className="absolute right-4 top-full z-30 mt-1 w-96 rounded-lg border border-slate-200 bg-white p-3 shadow-xl dark:border-slate-700 dark:bg-slate-900"
      role="dialog"
      aria-label="Edit budget"
    >
      <div className="grid grid-cols-3 gap-2">
        {fields.map(({ key, label }) => (
          <label key={key} className="text-[11px] font-medium">
            {label}
            <input
              type="number"
              aria-label={`Budget ${label}`}
              aria-invalid={errors[key] ? true : undefined}
              className={`mt-0.5 w-full rounded border bg-white px-1.5 py-1 text-xs dark:bg-slate-950 ${errors[key] ? "border-rose-500" : "border-slate-300 dark:border-slate-700"}`}
              value={Number.isNaN(draft[key]) ? "" : draft[key]}
              onChange={(e) => setDraft({ ...draft, [key]: e.target.valueAsNumber })}
            />
            {errors[key] && (
              <span role="alert" className="block font-normal text-rose-600">
                {errors[key]}
              </span>
            )}
          </label>
        ))}
      </div>
      {update.error && (
        <div className="mt-2">
          <ErrorNote>{update.error.message}</ErrorNote>
        </div>
      )}
      <div className="mt-2 flex gap-2">
        <Button variant="primary" onClick={save} disabled={update.isPending}>
          Save budget
        </Button>
        <Button onClick={() => setOpen(false)}>Cancel</Button>
      </div>
    </div>
  );
}
