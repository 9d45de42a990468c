import { codeDiffRows, highlightPython } from "./code-step-diff";

const ROW_STYLE = {
  added: "bg-emerald-50 text-emerald-900 dark:bg-emerald-950/60 dark:text-emerald-200",
  removed: "bg-rose-50 text-rose-900 line-through dark:bg-rose-950/60 dark:text-rose-200",
  same: "text-slate-500",
} as const;
const MARK = { added: "+", removed: "−", same: " " } as const;

/**
 * A code step as a reviewer reads it before approving: what it is for, the code highlighted, and the change
 * against the parent's code step (or a note that the parent had none). The dry-run's samples show beside it.
 */
export function CodeStepView({
  code,
  description,
  limits,
  parentCode,
}: {
  code: string;
  description: string | undefined;
  limits: string;
  parentCode: string | null;
}) {
  const diff = parentCode === null ? [] : codeDiffRows(parentCode, code);
  const changed = diff.filter((r) => r.kind !== "same").length;
  return (
    <div className="mt-1 space-y-1" data-testid="code-step">
      {description && <p className="text-slate-600 dark:text-slate-300">{description}</p>}
      <pre
        className="code-step overflow-x-auto rounded bg-slate-50 p-2 font-mono text-[11px] leading-snug dark:bg-slate-900"
        data-testid="code-step-code"
      >
        <code dangerouslySetInnerHTML={{ __html: highlightPython(code) }} />
      </pre>
      <p className="text-slate-500">
        Runs in the worker&apos;s sandbox: no network, writes only in the job folder, {limits}.
      </p>
      {parentCode === null ? (
        <p className="text-slate-500" data-testid="code-step-diff-none">
          The parent has no code step: all {code.split("\n").filter(Boolean).length} lines are new.
        </p>
      ) : changed === 0 ? (
        <p className="text-slate-500" data-testid="code-step-diff-none">
          Same code as the parent&apos;s code step.
        </p>
      ) : (
        <details open className="rounded border border-slate-200 dark:border-slate-800">
          <summary className="cursor-pointer px-2 py-0.5 text-slate-500">
            diff against the parent&apos;s code step ({changed} lines changed)
          </summary>
          <pre className="overflow-x-auto font-mono text-[11px] leading-snug" data-testid="code-step-diff">
            {diff.map((r, i) => (
              <div key={i} data-diff={r.kind} className={`px-2 ${ROW_STYLE[r.kind]}`}>
                {MARK[r.kind]} {r.text}
              </div>
            ))}
          </pre>
        </details>
      )}
    </div>
  );
}
