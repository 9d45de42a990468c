import type { ReactNode } from "react";

/** A titled, collapsible block of a side panel. */
export function Section({
  title,
  children,
  open = true,
  right,
  testId,
  onToggle,
}: {
  title: string;
  children: ReactNode;
  open?: boolean;
  right?: ReactNode;
  testId?: string;
  onToggle?: (open: boolean) => void;
}) {
  return (
    <details
      open={open}
      data-testid={testId}
      onToggle={onToggle && ((e) => onToggle(e.currentTarget.open))}
      className="group border-t border-slate-200 dark:border-slate-800"
    >
      <summary className="flex cursor-pointer select-none list-none items-center gap-2 px-4 py-2 text-[11px] font-semibold uppercase tracking-wide text-slate-500 hover:bg-slate-50 dark:hover:bg-slate-800/50">
        <span className="inline-block transition-transform group-open:rotate-90">▸</span>
        {title}
        {right && <span className="ml-auto font-normal normal-case tracking-normal">{right}</span>}
      </summary>
      <div className="px-4 pb-3">{children}</div>
    </details>
  );
}

export function EmptyState({ children }: { children: ReactNode }) {
  return (
    <p className="rounded border border-dashed border-slate-300 p-3 text-center text-xs text-slate-500 dark:border-slate-700">
      {children}
    </p>
  );
}

export function ErrorNote({ children }: { children: ReactNode }) {
  return (
    <p role="alert" className="rounded bg-rose-50 p-2 text-xs text-rose-700 dark:bg-rose-950 dark:text-rose-300">
      {children}
    </p>
  );
}

export function Spinner({ label }: { label: string }) {
  return (
    <p className="flex items-center gap-2 text-sm text-slate-500" role="status">
      <span className="inline-block h-3 w-3 animate-spin rounded-full border-2 border-slate-300 border-t-emerald-600" />
      {label}
    </p>
  );
}
