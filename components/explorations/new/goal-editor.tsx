"use client";

import { useState } from "react";
import { GOAL_MAX_CHARS } from "@/server/domain/explorations/exploration-input";
import { GOAL_TIPS, GOOD_GOAL_EXAMPLES } from "./goal-examples";
import { MarkdownView } from "./markdown-view";

/** The goal in markdown: write / preview, a character count, tips and examples of good goals. */
export function GoalEditor({
  value,
  onChange,
  error,
  exampleGoal,
  onUseExample,
}: {
  value: string;
  onChange: (v: string) => void;
  error?: string;
  exampleGoal?: { taskId: string; goal: string };
  onUseExample: (taskId: string, goal: string) => void;
}) {
  const [preview, setPreview] = useState(false);
  const tab = (on: boolean) =>
    `px-2 py-1 text-xs font-medium ${on ? "border-b-2 border-emerald-600 text-emerald-700 dark:text-emerald-400" : "text-slate-500"}`;
  return (
    <div className="grid gap-4 lg:grid-cols-[1fr_16rem]">
      <div>
        <div className="flex items-end justify-between">
          <label htmlFor="goal" className="text-sm font-medium">
            Goal <span className="font-normal text-slate-500">(markdown)</span>
          </label>
          <div className="flex" role="tablist">
            <button
              type="button"
              role="tab"
              aria-selected={!preview}
              className={tab(!preview)}
              onClick={() => setPreview(false)}
            >
              Write
            </button>
            <button
              type="button"
              role="tab"
              aria-selected={preview}
              className={tab(preview)}
              onClick={() => setPreview(true)}
            >
              Preview
            </button>
          </div>
        </div>
        {preview ? (
          <div
            className="mt-1 min-h-48 rounded border border-slate-300 bg-white p-3 dark:border-slate-700 dark:bg-slate-900"
            data-testid="goal-preview"
          >
            {value.trim() ? (
              <MarkdownView source={value} />
            ) : (
              <p className="text-sm text-slate-500">Nothing to preview yet.</p>
            )}
          </div>
        ) : (
          <textarea
            id="goal"
            name="goal"
            aria-invalid={error ? true : undefined}
            className={`mt-1 h-48 w-full rounded border bg-white px-2 py-1.5 font-mono text-sm dark:bg-slate-900 ${error ? "border-rose-500" : "border-slate-300 dark:border-slate-700"}`}
            placeholder="Describe what the fine-tuned model should do, the metric, and any constraints."
            value={value}
            onChange={(e) => onChange(e.target.value)}
          />
        )}
        <div className="mt-0.5 flex justify-between text-xs">
          {error ? (
            <p role="alert" className="text-rose-600 dark:text-rose-400">
              {error}
            </p>
          ) : (
            <span />
          )}
          <span className={value.length > GOAL_MAX_CHARS ? "text-rose-600" : "text-slate-500"}>
            {value.length.toLocaleString("en")} / {GOAL_MAX_CHARS.toLocaleString("en")}
          </span>
        </div>
        {exampleGoal && (
          <button
            type="button"
            className="mt-1 text-xs text-emerald-700 underline dark:text-emerald-400"
            onClick={() => onUseExample(exampleGoal.taskId, exampleGoal.goal)}
          >
            Use the example goal for {exampleGoal.taskId}
          </button>
        )}
      </div>
      <aside
        className="rounded border border-slate-200 bg-slate-50 p-3 text-xs dark:border-slate-800 dark:bg-slate-900"
        aria-label="Examples of good goals"
      >
        <h3 className="mb-1 font-semibold">A good goal says</h3>
        <ul className="mb-2 list-disc space-y-0.5 pl-4 text-slate-600 dark:text-slate-400">
          {GOAL_TIPS.map((t) => (
            <li key={t}>{t}</li>
          ))}
        </ul>
        <h3 className="mb-1 font-semibold">Examples</h3>
        <ul className="space-y-1">
          {GOOD_GOAL_EXAMPLES.map((ex) => (
            <li key={ex.title}>
              <button
                type="button"
                className="text-left text-emerald-700 hover:underline dark:text-emerald-400"
                onClick={() => onUseExample(ex.taskId, ex.goal)}
              >
                {ex.title}
              </button>
              <span className="text-slate-500"> · {ex.taskId}</span>
            </li>
          ))}
        </ul>
      </aside>
    </div>
  );
}
