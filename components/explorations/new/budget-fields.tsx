import { fieldErrorsView } from "@/components/ui/form-field";
import type { Budget } from "@/server/domain/explorations/exploration-input";
import { FormCard as Card } from "./form-card";

const budgetFields: { key: keyof Budget; label: string; hint: string }[] = [
  { key: "rounds", label: "Rounds", hint: "expansions of the tree" },
  { key: "trainingRuns", label: "Training runs", hint: "jobs dispatched" },
  { key: "computeSeconds", label: "Compute (s)", hint: "summed job time" },
  { key: "wallSeconds", label: "Wall time (s)", hint: "from start to stop" },
  { key: "tokens", label: "LLM tokens", hint: "0 = no limit" },
];

/** The exploration's budgets; `hintOf` says which the goal set ("from the goal: …"). */
export function BudgetFields({
  budget,
  errors,
  hintOf,
  onChange,
}: {
  budget: Budget;
  errors: Record<string, string>;
  hintOf: (key: keyof Budget) => string | null;
  onChange: (next: Budget) => void;
}) {
  const { field, error: err } = fieldErrorsView(errors);
  return (
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
              onChange={(e) => onChange({ ...budget, [key]: e.target.valueAsNumber })}
            />
            <span className="block font-normal text-slate-500">{hintOf(key) ?? hint}</span>
            {err(`budget.${key}`)}
          </label>
        ))}
      </div>
    </Card>
  );
}
