"use client";

import { summariseComparison, type ComparableNode } from "@/server/domain/requirements/comparison-summary";
import { comparisonOf } from "@/server/domain/requirements/requirement-spec";
import { formatCompute, formatScore } from "@/components/format";

/** The answer to the goal's comparison (method or base model): best of each arm, its cost, gain per GPU-hour, and the nodes behind it. */
export function ComparisonSummary({
  spec,
  nodes,
  direction,
  onSelectNode,
}: {
  spec: unknown;
  nodes: readonly ComparableNode[];
  direction?: "higher" | "lower";
  onSelectNode: (id: string) => void;
}) {
  const comparison = comparisonOf(spec);
  if (!comparison) return null;
  const s = summariseComparison(comparison, nodes, direction);
  return (
    <section
      data-testid="comparison-summary"
      className="mb-3 rounded border border-emerald-200 bg-emerald-50 p-2 text-xs dark:border-emerald-900 dark:bg-emerald-950"
    >
      <h3 className="mb-1 font-semibold">The goal asks: {s.arms.map((a) => a.label).join(" or ")}?</h3>
      <p data-testid="comparison-verdict">{s.verdict}</p>
      <table className="mt-2 w-full text-left">
        <thead className="text-slate-500">
          <tr>
            <th className="font-normal">arm</th>
            <th className="font-normal">best (validation)</th>
            <th className="font-normal">runs</th>
            <th className="font-normal">compute</th>
            <th className="font-normal">gain / GPU-h</th>
          </tr>
        </thead>
        <tbody>
          {s.arms.map((a) => (
            <tr key={a.arm}>
              <td>{a.label}</td>
              <td>
                {a.best ? (
                  <button type="button" className="underline" onClick={() => a.best && onSelectNode(a.best.id)}>
                    {formatScore(a.best.score)} · #{a.best.ordinal}
                  </button>
                ) : (
                  "—"
                )}
              </td>
              <td>{a.runs}</td>
              <td>{formatCompute(a.computeSeconds)}</td>
              <td>{a.gainPerGpuHour === null ? "—" : a.gainPerGpuHour.toFixed(3)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="mt-1 text-slate-500">
        Rests on {s.arms.map((a) => `${a.label}: ${a.nodeIds.length} node(s)`).join("; ")}; baseline{" "}
        {s.baseline === null ? "not evaluated yet" : formatScore(s.baseline)}.
      </p>
    </section>
  );
}
