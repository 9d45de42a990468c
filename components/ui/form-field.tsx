import type { ReactNode } from "react";

/** Inputs and selects of the forms: a field's classes, red-bordered when it has an error, and its message. */
export const FIELD_CLASS = "mt-1 w-full rounded border bg-white px-2 py-1.5 text-sm dark:bg-slate-950";

/** `field(k)`: the classes of field k; `error(k)`: its message under it, or nothing. */
export function fieldErrorsView(errors: Record<string, string | undefined>): {
  field: (k: string, extra?: string) => string;
  error: (k: string) => ReactNode;
} {
  return {
    field: (k, extra = "") =>
      `${FIELD_CLASS} ${errors[k] ? "border-rose-500" : "border-slate-300 dark:border-slate-700"} ${extra}`.trim(),
    error: (k) =>
      errors[k] ? (
        <p role="alert" className="mt-1 text-xs font-normal text-rose-600 dark:text-rose-400">
          {errors[k]}
        </p>
      ) : null,
  };
}
