"use client";

import { useMemo } from "react";
import { CurveChart } from "@/components/charts/curve-chart";
import { formatCompute, formatScoreDelta } from "@/components/format";
import type { RunRow } from "@/components/runs/run-rows";
import { Section } from "@/components/ui/section";
import { directionLabel } from "@/components/ui/status-styles";
import { anytimeByBranch, directionEffects, parallelCoordinates, parameterImportance } from "./analysis-model";
import { ParallelCoordinates } from "./parallel-coordinates";

const cell = "border-b border-slate-100 px-2 py-1 dark:border-slate-800";
/** the anytime chart stays readable: the largest branches, the rest summed up in the whole-exploration line */
const MAX_BRANCHES = 9;

/** The whole exploration at once: parameters against score, what each direction and parameter did, best against compute. */
export function AnalysisView({ rows, parentOf }: { rows: RunRow[]; parentOf: ReadonlyMap<string, string | null> }) {
  const effects = useMemo(() => directionEffects(rows), [rows]);
  const importance = useMemo(() => parameterImportance(rows), [rows]);
  const parallel = useMemo(() => parallelCoordinates(rows), [rows]);
  const anytime = useMemo(() => {
    const [whole, ...branches] = anytimeByBranch(rows, parentOf);
    const top = branches.sort((a, b) => (b.points.at(-1)?.y ?? 0) - (a.points.at(-1)?.y ?? 0)).slice(0, MAX_BRANCHES);
    return whole ? [whole, ...top] : top;
  }, [rows, parentOf]);
  const scored = rows.filter((r) => r.score !== null).length;

  return (
    <div className="h-full overflow-auto p-3 text-xs" data-testid="analysis-view">
      <p className="mb-2 text-slate-600 dark:text-slate-300">
        {scored} of {rows.length} nodes have a validation score. Effects below are marginal and descriptive: the search
        changed parameters together, so they share the credit.
      </p>
      <Section title="Parameters against score (parallel coordinates)" testId="analysis-parallel">
        {parallel.lines.length === 0 ? (
          <p className="text-slate-500">No scored nodes yet.</p>
        ) : (
          <ParallelCoordinates data={parallel} />
        )}
        <p className="mt-1 text-slate-500">
          One line per scored node, red (low) to green (high score); categorical axes list their values.
        </p>
      </Section>
      <div className="grid gap-3 xl:grid-cols-2">
        <Section title="Effect of each direction" testId="analysis-directions">
          <table className="w-full border-collapse">
            <thead>
              <tr className="text-left text-slate-500">
                <th className={cell}>direction</th>
                <th className={cell}>nodes</th>
                <th className={cell}>mean Δ vs parent</th>
                <th className={cell}>sd</th>
                <th className={cell}>best Δ</th>
                <th className={cell}>improved</th>
              </tr>
            </thead>
            <tbody>
              {effects.map((e) => (
                <tr key={e.direction} data-testid="direction-effect">
                  <td className={cell}>{directionLabel(e.direction)}</td>
                  <td className={`${cell} font-mono`}>{e.n}</td>
                  <td
                    className={`${cell} font-mono ${e.meanDelta > 0 ? "text-emerald-700 dark:text-emerald-400" : "text-rose-700 dark:text-rose-400"}`}
                  >
                    {formatScoreDelta(e.meanDelta)}
                  </td>
                  <td className={`${cell} font-mono`}>{e.sdDelta.toFixed(3)}</td>
                  <td className={`${cell} font-mono`}>{formatScoreDelta(e.bestDelta)}</td>
                  <td className={`${cell} font-mono`}>{Math.round(100 * e.improved)}%</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="mt-1 text-slate-500">
            Δ: a node&apos;s validation score minus its parent&apos;s, over nodes where both are known.
          </p>
        </Section>
        <Section title="Importance of each parameter" testId="analysis-importance">
          {importance.length === 0 ? (
            <p className="text-slate-500">Needs three or more scored nodes with a varying parameter.</p>
          ) : (
            <table className="w-full border-collapse">
              <thead>
                <tr className="text-left text-slate-500">
                  <th className={cell}>parameter</th>
                  <th className={`${cell} w-1/3`}>importance (adj. η²)</th>
                  <th className={cell}>ρ</th>
                  <th className={cell}>best value</th>
                </tr>
              </thead>
              <tbody>
                {importance.map((p) => (
                  <tr key={p.parameter} data-testid="parameter-importance" data-parameter={p.parameter}>
                    <td className={`${cell} font-mono`}>{p.parameter}</td>
                    <td className={cell}>
                      <div className="flex items-center gap-1">
                        <div
                          className="h-2 rounded bg-emerald-500"
                          style={{ width: `${Math.max(1, 100 * p.importance)}%` }}
                        />
                        <span className="font-mono">{p.importance.toFixed(2)}</span>
                      </div>
                    </td>
                    <td className={`${cell} font-mono`}>{p.rho === null ? "–" : formatScoreDelta(p.rho)}</td>
                    <td className={`${cell} max-w-40 truncate font-mono`} title={p.bestValue}>
                      {p.bestValue}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <p className="mt-1 text-slate-500">
            How it is computed: the nodes with a score are grouped by the parameter&apos;s value (numbers with more than
            six values in quintiles); importance is the share of the score&apos;s variance between the groups (η²),
            adjusted for the number of groups like adjusted R², so a parameter with many one-node groups does not look
            important by chance. ρ: Spearman&apos;s rank correlation of a numeric value with the score (its sign says
            which way is better).
          </p>
        </Section>
      </div>
      <Section title="Best score against compute, per branch" testId="analysis-anytime">
        <CurveChart
          testId="anytime-branches"
          series={anytime}
          title="Best validation score so far"
          xLabel="compute"
          formatX={(x) => formatCompute(x)}
          stepped
          markers
          height={240}
          empty="No scored nodes yet"
        />
        <p className="mt-1 text-slate-500">
          A branch: a child of the root and everything under it, in creation order; x is the compute that branch had
          spent. The top {MAX_BRANCHES} branches by best score are drawn.
        </p>
      </Section>
    </div>
  );
}
