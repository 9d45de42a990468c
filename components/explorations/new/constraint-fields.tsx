"use client";

import { useState } from "react";
import { FIELD_CLASS } from "@/components/ui/form-field";
import {
  METHOD_CONSTRAINTS,
  type ConstraintEdits,
  type MethodConstraint,
} from "@/server/domain/requirements/requirement-spec";
import { capText, parseCap } from "./requirement-model";

const METHOD_LABELS: Record<MethodConstraint, string> = {
  any: "any (the planner chooses)",
  lora: "LoRA only",
  full: "full fine-tuning only",
  compare: "both, compared",
};
const input = `${FIELD_CLASS} border-slate-300 dark:border-slate-700`;
const numberOrNull = (v: string) => (v.trim() === "" ? null : Number(v));

/** The goal's hard constraints as fields: what the analysis read, editable before the start. */
export function ConstraintFields({
  edits,
  onChange,
}: {
  edits: ConstraintEdits;
  onChange: (next: ConstraintEdits) => void;
}) {
  const [cap, setCap] = useState(capText(edits.maxParameters));
  const [capError, setCapError] = useState<string | null>(null);
  const set = (patch: ConstraintEdits) => onChange({ ...edits, ...patch });
  return (
    <div className="grid grid-cols-2 gap-3 md:grid-cols-3" data-testid="constraint-fields">
      <label className="block text-xs font-medium">
        Training method
        <select
          name="constraints.method"
          className={input}
          value={edits.method ?? "any"}
          onChange={(e) => set({ method: e.target.value as MethodConstraint })}
        >
          {METHOD_CONSTRAINTS.map((m) => (
            <option key={m} value={m}>
              {METHOD_LABELS[m]}
            </option>
          ))}
        </select>
      </label>
      <label className="block text-xs font-medium">
        Base model size cap
        <input
          name="constraints.maxParameters"
          className={`${input} ${capError ? "border-rose-500" : ""}`}
          placeholder="none, or e.g. 1B"
          value={cap}
          onChange={(e) => {
            setCap(e.target.value);
            const parsed = parseCap(e.target.value);
            setCapError(parsed.ok ? null : parsed.message);
            if (parsed.ok) set({ maxParameters: parsed.value });
          }}
        />
        {capError && (
          <span role="alert" className="block font-normal text-rose-600 dark:text-rose-400">
            {capError}
          </span>
        )}
      </label>
      <label className="block text-xs font-medium">
        Samples per round
        <input
          name="constraints.maxTrainingSamples"
          type="number"
          min={1}
          className={input}
          placeholder="50,000 at most"
          value={edits.maxTrainingSamples ?? ""}
          onChange={(e) => set({ maxTrainingSamples: numberOrNull(e.target.value) })}
        />
      </label>
      <label className="block text-xs font-medium">
        One run at most (s)
        <input
          name="constraints.perRunSeconds"
          type="number"
          min={10}
          className={input}
          placeholder="no limit"
          value={edits.perRunSeconds ?? ""}
          onChange={(e) => set({ perRunSeconds: numberOrNull(e.target.value) })}
        />
      </label>
      <label className="block text-xs font-medium">
        Output format
        <input
          name="constraints.outputFormat"
          className={input}
          placeholder="as the task scores it"
          value={edits.outputFormat ?? ""}
          onChange={(e) => set({ outputFormat: e.target.value.trim() === "" ? null : e.target.value })}
        />
      </label>
      <label className="flex items-center gap-2 self-end pb-1.5 text-xs font-medium">
        <input
          name="constraints.noTestSplit"
          type="checkbox"
          checked={edits.noTestSplit ?? false}
          onChange={(e) => set({ noTestSplit: e.target.checked })}
        />
        Never touch the test split
      </label>
    </div>
  );
}
