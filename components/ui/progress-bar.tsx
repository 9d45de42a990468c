/** A labelled bar: used against total (budgets), turning amber then red as it fills. */
export function ProgressBar({
  label,
  used,
  total,
  format = (v) => String(Math.round(v)),
  testId,
}: {
  label: string;
  used: number;
  total: number;
  format?: (v: number) => string;
  testId?: string;
}) {
  const pct = total > 0 ? Math.min(100, (100 * used) / total) : 0;
  const colour = pct >= 100 ? "bg-rose-500" : pct >= 80 ? "bg-amber-500" : "bg-emerald-500";
  return (
    <div
      className="w-[5.75rem] text-[11px]"
      data-testid={testId}
      title={`${label}: ${format(used)} of ${format(total)}`}
    >
      <div className="flex justify-between gap-1 whitespace-nowrap text-slate-500">
        <span>{label}</span>
        <span className="font-mono">
          {format(used)}/{format(total)}
        </span>
      </div>
      <div
        className="h-1.5 overflow-hidden rounded bg-slate-200 dark:bg-slate-700"
        role="progressbar"
        aria-label={label}
        aria-valuenow={Math.round(pct)}
        aria-valuemin={0}
        aria-valuemax={100}
      >
        <div className={`h-full ${colour} transition-[width] duration-300`} style={{ width: `${pct}%` }} />
      </div>
    </div>
  );
}
