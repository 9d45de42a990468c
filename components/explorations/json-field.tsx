"use client";

import type { z } from "zod";

/** Parses JSON text against a zod schema: the value, or a message naming each bad field. */
export function parseJsonWith<T>(
  schema: z.ZodType<T>,
  text: string,
): { ok: true; value: T } | { ok: false; error: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `not valid JSON (${e instanceof Error ? e.message : "parse error"})` };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success)
    return {
      ok: false,
      error: parsed.error.issues.map((i) => `${i.path.join(".") || "value"}: ${i.message}`).join("; "),
    };
  return { ok: true, value: parsed.data };
}

export function JsonField({
  label,
  value,
  onChange,
  error,
  rows = 10,
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  error?: string | null;
  rows?: number;
}) {
  return (
    <label className="block text-[11px] font-medium text-slate-600 dark:text-slate-400">
      {label}
      <textarea
        aria-label={label}
        aria-invalid={error ? true : undefined}
        spellCheck={false}
        rows={rows}
        className={`mt-0.5 w-full rounded border bg-white p-1.5 font-mono text-[11px] text-slate-900 dark:bg-slate-950 dark:text-slate-100 ${error ? "border-rose-500" : "border-slate-300 dark:border-slate-700"}`}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
      {error && (
        <span role="alert" className="block text-[11px] font-normal text-rose-600 dark:text-rose-400">
          {error}
        </span>
      )}
    </label>
  );
}
