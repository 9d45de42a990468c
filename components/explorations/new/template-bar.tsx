"use client";

import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { deleteTemplate, loadTemplates, saveTemplate, type ExplorationTemplate } from "./templates";

/** Save the form as a named template (this browser), load or delete one. */
export function TemplateBar({
  current,
  onLoad,
}: {
  current: () => Omit<ExplorationTemplate, "name" | "savedAt">;
  onLoad: (t: ExplorationTemplate) => void;
}) {
  const [templates, setTemplates] = useState<ExplorationTemplate[]>([]);
  const [name, setName] = useState("");
  const [saved, setSaved] = useState<string | null>(null);
  useEffect(() => setTemplates(loadTemplates(window.localStorage)), []);
  const field = "rounded border border-slate-300 bg-white px-2 py-1 text-xs dark:border-slate-700 dark:bg-slate-900";
  return (
    <div
      className="flex flex-wrap items-center gap-2 rounded border border-slate-200 bg-white p-2 text-xs dark:border-slate-800 dark:bg-slate-900"
      data-testid="template-bar"
    >
      <span className="font-medium">Templates</span>
      <select
        aria-label="Load a template"
        className={field}
        value=""
        disabled={templates.length === 0}
        onChange={(e) => {
          const t = templates.find((x) => x.name === e.target.value);
          if (t) onLoad(t);
        }}
      >
        <option value="">{templates.length === 0 ? "no saved templates" : "load a template…"}</option>
        {templates.map((t) => (
          <option key={t.name} value={t.name}>
            {t.name}
          </option>
        ))}
      </select>
      <input
        aria-label="Template name"
        placeholder="template name"
        className={`${field} w-40`}
        value={name}
        onChange={(e) => setName(e.target.value)}
      />
      <Button
        disabled={name.trim() === ""}
        onClick={() => {
          setTemplates(
            saveTemplate(window.localStorage, { ...current(), name: name.trim(), savedAt: new Date().toISOString() }),
          );
          setSaved(name.trim());
          setName("");
        }}
      >
        Save as template
      </Button>
      {templates.length > 0 && (
        <details className="relative">
          <summary className="cursor-pointer text-slate-500">manage</summary>
          <ul className="absolute z-10 mt-1 w-56 space-y-1 rounded border border-slate-200 bg-white p-2 shadow dark:border-slate-700 dark:bg-slate-900">
            {templates.map((t) => (
              <li key={t.name} className="flex items-center justify-between gap-2">
                <span className="truncate">{t.name}</span>
                <button
                  type="button"
                  className="text-rose-600"
                  onClick={() => setTemplates(deleteTemplate(window.localStorage, t.name))}
                  aria-label={`Delete template ${t.name}`}
                >
                  delete
                </button>
              </li>
            ))}
          </ul>
        </details>
      )}
      {saved && (
        <span role="status" className="text-emerald-700 dark:text-emerald-400">
          Saved “{saved}”.
        </span>
      )}
    </div>
  );
}
