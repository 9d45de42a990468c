import type { DatasetSummary } from "@/server/domain/datasets/dataset-input";

const fmtBytes = (n: number) =>
  n >= 1048576 ? `${(n / 1048576).toFixed(1)} MiB` : n >= 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${n} B`;

/** What a dataset holds: rows per split, fields read, skipped lines, the answer set, sample rows and warnings. */
export function DatasetPreview({ summary }: { summary: DatasetSummary }) {
  return (
    <div className="space-y-2 text-xs" data-testid="dataset-preview">
      <table className="w-full text-left">
        <thead className="text-slate-500">
          <tr>
            <th className="py-0.5 pr-2 font-medium">split</th>
            <th className="pr-2 font-medium">file</th>
            <th className="pr-2 text-right font-medium">rows</th>
            <th className="pr-2 text-right font-medium">skipped</th>
            <th className="pr-2 font-medium">fields</th>
            <th className="text-right font-medium">size</th>
          </tr>
        </thead>
        <tbody>
          {summary.files.map((f) => (
            <tr
              key={f.split}
              className="border-t border-slate-100 dark:border-slate-800"
              data-testid={`preview-${f.split}`}
            >
              <td className="py-0.5 pr-2 font-medium">{f.split}</td>
              <td className="max-w-[14rem] truncate pr-2" title={f.fileName}>
                {f.fileName}
              </td>
              <td className="pr-2 text-right tabular-nums">{f.rows.toLocaleString("en")}</td>
              <td
                className={`pr-2 text-right tabular-nums ${f.skippedCount > 0 ? "text-amber-700 dark:text-amber-400" : ""}`}
              >
                {f.skippedCount.toLocaleString("en")}
              </td>
              <td className="pr-2 font-mono">{f.fields ?? "—"}</td>
              <td className="text-right tabular-nums">{fmtBytes(f.bytes)}</td>
            </tr>
          ))}
          {summary.carved.map((s) => (
            <tr key={s} className="border-t border-slate-100 text-slate-500 dark:border-slate-800">
              <td className="py-0.5 pr-2 font-medium">{s}</td>
              <td colSpan={5}>
                carved out of train ({summary.carved.length === 2 ? "10% each" : "10%"}, disjoint by input, seeded)
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="text-slate-600 dark:text-slate-400">
        {summary.distinctOutputs.toLocaleString("en")} distinct answers
        {summary.inferredLabels ? (
          <>
            {" "}
            · labels: <span className="font-mono">{summary.inferredLabels.slice(0, 12).join(", ")}</span>
            {summary.inferredLabels.length > 12 ? ` and ${summary.inferredLabels.length - 12} more` : ""}
          </>
        ) : (
          " · free-form answers"
        )}
      </p>
      {summary.warnings.length > 0 && (
        <ul
          className="list-disc rounded bg-amber-50 py-1 pl-6 pr-2 text-amber-900 dark:bg-amber-950 dark:text-amber-200"
          data-testid="dataset-warnings"
        >
          {summary.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
      {summary.files.some((f) => f.skipped.length > 0) && (
        <details className="text-slate-600 dark:text-slate-400">
          <summary className="cursor-pointer">skipped lines</summary>
          <ul className="mt-1 max-h-32 overflow-auto font-mono">
            {summary.files.flatMap((f) =>
              f.skipped.map((s) => (
                <li key={`${f.split}:${s.line}`}>
                  {f.fileName}:{s.line} — {s.reason}
                </li>
              )),
            )}
          </ul>
        </details>
      )}
      {summary.samples.length > 0 && (
        <table className="w-full table-fixed text-left" data-testid="dataset-samples">
          <thead className="text-slate-500">
            <tr>
              <th className="w-2/3 py-0.5 pr-2 font-medium">input (first train rows)</th>
              <th className="font-medium">output</th>
            </tr>
          </thead>
          <tbody className="font-mono">
            {summary.samples.map((s, i) => (
              <tr key={i} className="border-t border-slate-100 align-top dark:border-slate-800">
                <td className="truncate py-0.5 pr-2" title={s.input}>
                  {s.input}
                </td>
                <td className="truncate" title={s.output}>
                  {s.output}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
