"use client";

import { useState } from "react";
import { findBaseModel } from "@/server/contract/base-models";
import { describeModel, modelGroups } from "./base-model-choice";

const OTHER = "__other__";

/**
 * The base model of a new exploration: the catalogue (CPU presets, then pretrained Hub models) with what each
 * needs, or any Hub id / absolute folder typed in. The server checks what is typed (`baseModelProblem`).
 */
export function BaseModelPicker({
  value,
  onChange,
  fieldClass,
  error,
}: {
  value: string;
  onChange: (id: string) => void;
  fieldClass: string;
  error?: React.ReactNode;
}) {
  const known = findBaseModel(value);
  const [other, setOther] = useState(!known);
  return (
    <div className="block text-sm font-medium">
      <label htmlFor="baseModel">Base model</label>
      <select
        id="baseModel"
        name="baseModel"
        className={fieldClass}
        value={other ? OTHER : (known?.id ?? OTHER)}
        onChange={(e) => {
          const v = e.target.value;
          setOther(v === OTHER);
          onChange(v === OTHER ? "" : v);
        }}
      >
        {modelGroups().map((g) => (
          <optgroup key={g.label} label={g.label}>
            {g.models.map((m) => (
              <option key={m.id} value={m.id}>
                {m.id}
              </option>
            ))}
          </optgroup>
        ))}
        <option value={OTHER}>Other: a Hub id or a folder…</option>
      </select>
      {other && (
        <input
          aria-label="Hub id or folder"
          name="baseModelOther"
          className={fieldClass}
          placeholder="owner/name or /path/saved/with/save_pretrained"
          value={value}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
      <span className="mt-1 block text-xs font-normal text-slate-500" data-testid="base-model-facts">
        {known
          ? describeModel(known)
          : "Loaded with transformers on the runner; offline, the weights must already be in its Hugging Face cache."}
      </span>
      {error}
    </div>
  );
}
