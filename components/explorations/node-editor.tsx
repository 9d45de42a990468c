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

export interface NodeEdit {
  title: string;
  config: TrainingConfig;
  recipe: DataRecipe;
}

/** Edits a proposal before it runs: title, training config and data recipe, validated with the server's schemas. */
export function NodeEditor({
  initial,
  busy,
  onSave,
  onCancel,
}: {
  initial: NodeEdit;
  busy: boolean;
  onSave: (edit: NodeEdit) => void;
  onCancel: () => void;
}) {
  const [title, setTitle] = useState(initial.title);
  const [config, setConfig] = useState(() => JSON.stringify(initial.config, null, 2));
  const [recipe, setRecipe] = useState(() => JSON.stringify(initial.recipe, null, 2));
  const [errors, setErrors] = useState<{ title?: string; config?: string; recipe?: string }>({});

  const save = () => {
    const c = parseJsonWith(trainingConfigSchema, config);
    const r = parseJsonWith(dataRecipeSchema, recipe);
    const next = {
      title: title.trim() === "" ? "a title is required" : undefined,
      config: c.ok ? undefined : c.error,
      recipe: r.ok ? undefined : r.error,
    };
    setErrors(next);
    if (c.ok && r.ok && !next.title) onSave({ title: title.trim(), config: c.value, recipe: r.value });
  };

  return (
    <div
      className="space-y-2 rounded border border-slate-200 bg-slate-50 p-2 dark:border-slate-700 dark:bg-slate-900"
      data-testid="node-editor"
    >
      <label className="block text-[11px] font-medium text-slate-600 dark:text-slate-400">
        Title
        <input
          aria-label="Title"
          className="mt-0.5 w-full rounded border border-slate-300 bg-white px-1.5 py-1 text-xs dark:border-slate-700 dark:bg-slate-950"
          value={title}
          onChange={(e) => setTitle(e.target.value)}
        />
        {errors.title && (
          <span role="alert" className="block text-rose-600">
            {errors.title}
          </span>
        )}
      </label>
      <JsonField label="Training config JSON" value={config} onChange={setConfig} error={errors.config} rows={12} />
      <JsonField label="Data recipe JSON" value={recipe} onChange={setRecipe} error={errors.recipe} rows={8} />
      <div className="flex gap-2">
        <Button variant="primary" onClick={save} disabled={busy}>
          {busy ? "Saving…" : "Save"}
        </Button>
        <Button onClick={onCancel}>Cancel</Button>
      </div>
    </div>
  );
}
