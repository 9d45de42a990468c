const colours: Record<string, string> = {
  proposed: "bg-slate-200 text-slate-700 dark:bg-slate-700 dark:text-slate-200",
  awaiting_review: "bg-amber-100 text-amber-800 dark:bg-amber-900 dark:text-amber-200",
  approved: "bg-sky-100 text-sky-800 dark:bg-sky-900 dark:text-sky-200",
  queued: "bg-indigo-100 text-indigo-800 dark:bg-indigo-900 dark:text-indigo-200",
  running: "bg-blue-500 text-white",
  succeeded: "bg-emerald-100 text-emerald-800 dark:bg-emerald-900 dark:text-emerald-200",
  failed: "bg-rose-100 text-rose-800 dark:bg-rose-900 dark:text-rose-200",
  cancelled: "bg-slate-300 text-slate-700 dark:bg-slate-700 dark:text-slate-300",
  pruned: "bg-slate-200 text-slate-500 line-through dark:bg-slate-800",
  paused: "bg-amber-100 text-amber-800 dark:bg-amber-900 dark:text-amber-200",
  stopped: "bg-slate-300 text-slate-700 dark:bg-slate-700 dark:text-slate-300",
  finished: "bg-emerald-100 text-emerald-800 dark:bg-emerald-900 dark:text-emerald-200",
};

export function StatusBadge({ status }: { status: string }) {
  return (
    <span data-status={status} className={`inline-block rounded px-1.5 py-0.5 text-[10px] font-medium uppercase tracking-wide ${colours[status] ?? colours.proposed}`}>
      {status.replace("_", " ")}
    </span>
  );
}
