"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import {
  dataRecipeSchema,
  trainingConfigSchema,
  type DataRecipe,
  type TrainingConfig,
} from "@/server/contract/job-protocol";
import { JsonField, parseJsonWith } from "./json-field";

export interface NewChild {
  title: string;
  rationale: string;
  warmStart: boolean;
  config: TrainingConfig;
  recipe: DataRecipe;
}

/** A reviewer's own experiment under a succeeded node, starting from that node's recipe and config. */
export function AddChildForm({
  from,
  busy,
  onSubmit,
  onCancel,
}: {
  from: { config: TrainingConfig; recipe: DataRecipe; ordinal: number };
  busy: boolean;
  onSubmit: (c: NewChild) => void;
  onCancel: () => void;
}) {
  const [title, setTitle] = useState("");
  const [rationale, setRationale] = useState("");
  const [warmStart, setWarmStart] = useState(false);
  const [config, setConfig] = useState(() => JSON.stringify(from.config, null, 2));
  const [recipe, setRecipe] = useState(() => JSON.stringify(from.recipe, null, 2));
  const [errors, setErrors] = useState<{ title?: string; config?: string; recipe?: string }>({});
  const field =
    "mt-0.5 w-full rounded border border-slate-300 bg-white px-1.5 py-1 text-xs dark:border-slate-700 dark:bg-slate-950";

  const submit = () => {
    const c = parseJsonWith(trainingConfigSchema, config);
    const r = parseJsonWith(dataRecipeSchema, recipe);
    const next = {
      title: title.trim() === "" ? "Give the experiment a title" : undefined,
      config: c.ok ? undefined : c.error,
      recipe: r.ok ? undefined : r.error,
    };
    setErrors(next);
    if (c.ok && r.ok && !next.title)
      onSubmit({
        title: title.trim(),
        rationale: rationale.trim() || "added by a reviewer",
        warmStart,
        config: c.value,
        recipe: r.value,
      });
  };

  return (
    <div
      className="space-y-2 rounded border border-sky-200 bg-sky-50 p-2 dark:border-sky-900 dark:bg-sky-950/40"
      data-testid="add-child-form"
    >
      <p className="text-[11px] text-slate-600 dark:text-slate-400">
        A new experiment under #{from.ordinal}, approved at once. Start from its recipe and config and change what you
        want to test.
      </p>
      <label className="block text-[11px] font-medium text-slate-600 dark:text-slate-400">
        Title
        <input
          aria-label="Child title"
          className={field}
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          placeholder="e.g. Double the steps with a lower learning rate"
        />
        {errors.title && (
          <span role="alert" className="block text-rose-600">
            {errors.title}
          </span>
        )}
      </label>
      <label className="block text-[11px] font-medium text-slate-600 dark:text-slate-400">
        Rationale
        <textarea
          aria-label="Child rationale"
          rows={2}
          className={field}
          value={rationale}
          onChange={(e) => setRationale(e.target.value)}
          placeholder="What do you expect and why?"
        />
      </label>
      <label className="flex items-center gap-2 text-[11px]">
        <input type="checkbox" checked={warmStart} onChange={(e) => setWarmStart(e.target.checked)} />
        continue from #{from.ordinal}&apos;s checkpoint (warm start)
      </label>
      <JsonField
        label="Child training config JSON"
        value={config}
        onChange={setConfig}
        error={errors.config}
        rows={8}
      />
      <JsonField label="Child data recipe JSON" value={recipe} onChange={setRecipe} error={errors.recipe} rows={5} />
      <div className="flex gap-2">
        <Button variant="primary" onClick={submit} disabled={busy}>
          {busy ? "Adding…" : "Add child"}
        </Button>
        <Button onClick={onCancel}>Cancel</Button>
      </div>
    </div>
  );
}
