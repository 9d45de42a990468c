"use client";

import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { CurveChart, seriesColour } from "@/components/charts/curve-chart";
import { formatCompute } from "@/components/format";
import { useTRPC } from "@/components/providers/trpc-provider";
import { ErrorNote, Section, Spinner } from "@/components/ui/section";
import { STATUS_BADGE, statusIcon, statusLabel } from "@/components/ui/status-styles";
import { diffConfigs, errorGroupRows, metricRows, recipeColumns, type MetricRow } from "./compare-model";

function formatMetric(v: number | null, format: MetricRow["format"]): string {
  if (v === null) return "–";
  if (format === "seconds") return formatCompute(v);
  if (format === "count") return v.toLocaleString("en");
  return v.toFixed(format === "loss" ? 4 : 3);
}

const cellClass = "border-b border-slate-100 px-2 py-1 align-top dark:border-slate-800";

export interface CompareViewProps {
  explorationId: string;
  nodeIds: string[];
  onRemove: (id: string) => void;
  onOpen: (id: string) => void;
}

/** Two or more nodes side by side: what differs in config and recipe, metrics, overlaid curves, error groups, cost. */
export function CompareView({ explorationId, nodeIds, onRemove, onOpen }: CompareViewProps) {
  const trpc = useTRPC();
  const enough = nodeIds.length >= 2;
  const query = useQuery({ ...trpc.compare.nodes.queryOptions({ explorationId, nodeIds }), enabled: enough });
  const data = query.data;
  const derived = useMemo(() => {
    if (!data) return null;
    const nodes = data.map((d) => d.node);
    return {
      config: diffConfigs(nodes.map((n) => n.config as Record<string, unknown>)),
      recipes: recipeColumns(nodes.map((n) => n.recipe)),
      metrics: metricRows(nodes),
      errors: errorGroupRows(nodes.map((n) => n.report)),
      loss: data.map((d, i) => ({
        label: `#${d.node.ordinal}`,
        colour: seriesColour(i),
        points: d.curve.flatMap((p) => (p.loss === null ? [] : [{ x: p.step, y: p.loss }])),
      })),
      validation: data.map((d, i) => {
        const metric = Object.keys(d.validation[0]?.metrics ?? {})[0];
        return {
          label: `#${d.node.ordinal}${metric ? ` ${metric}` : ""}`,
          colour: seriesColour(i),
          points: d.validation.flatMap((p) =>
            metric && p.metrics[metric] !== undefined ? [{ x: p.step, y: p.metrics[metric] ?? 0 }] : [],
          ),
        };
      }),
    };
  }, [data]);

  if (!enough) {
    return (
      <div className="p-6 text-sm text-slate-600 dark:text-slate-300" data-testid="compare-empty">
        Pick two or more nodes to compare: tick them in the <b>Runs</b> table, or Shift-click (⌘/Ctrl-click) cards on
        the <b>Tree</b>.
      </div>
    );
  }
  if (query.isPending)
    return (
      <div className="p-6">
        <Spinner label="Loading the comparison…" />
      </div>
    );
  if (query.isError || !data || !derived)
    return (
      <div className="p-6">
        <ErrorNote>Could not compare these nodes: {query.error?.message ?? "unknown error"}</ErrorNote>
      </div>
    );
  const changed = derived.config.filter((r) => r.differs);
  const same = derived.config.filter((r) => !r.differs);

  const header = (
    <tr>
      <th className={`${cellClass} w-40 text-left text-slate-500`} />
      {data.map((d, i) => (
        <th key={d.node.id} className={`${cellClass} min-w-36 text-left`}>
          <div className="flex items-center gap-1">
            <span className="inline-block h-2 w-2 rounded-full" style={{ background: seriesColour(i) }} />
            <button type="button" className="font-mono font-semibold hover:underline" onClick={() => onOpen(d.node.id)}>
              #{d.node.ordinal}
            </button>
            <span className={`rounded px-1 text-[10px] ${STATUS_BADGE[d.node.status] ?? ""}`}>
              {statusIcon(d.node.status)} {statusLabel(d.node.status)}
            </span>
            <button
              type="button"
              aria-label={`Remove #${d.node.ordinal} from the comparison`}
              className="ml-auto text-slate-400 hover:text-rose-600"
              onClick={() => onRemove(d.node.id)}
            >
              ✕
            </button>
          </div>
          <div className="mt-0.5 font-normal text-slate-600 dark:text-slate-300" title={d.node.plan.title}>
            {d.node.plan.title}
          </div>
        </th>
      ))}
    </tr>
  );

  return (
    <div className="h-full overflow-auto p-3 text-xs" data-testid="compare-view">
      <div className="grid gap-3 xl:grid-cols-2">
        <Section title="Training loss, overlaid" testId="compare-loss">
          <CurveChart
            testId="compare-loss-chart"
            series={derived.loss}
            title="Training loss"
            controls
            height={200}
            empty="No training curves recorded for these nodes"
          />
        </Section>
        <Section title="Validation over steps" testId="compare-validation">
          <CurveChart
            testId="compare-validation-chart"
            series={derived.validation}
            title="Validation"
            markers
            height={200}
            empty="No validation evaluations recorded"
          />
        </Section>
      </div>
      <div className="mt-3 overflow-x-auto">
        <table className="w-full border-collapse" data-testid="compare-metrics">
          <thead>{header}</thead>
          <tbody>
            <tr>
              <th colSpan={data.length + 1} className="pt-3 text-left text-[11px] uppercase text-slate-500">
                Metrics and cost
              </th>
            </tr>
            {derived.metrics.map((m) => (
              <tr key={m.label}>
                <td className={`${cellClass} text-slate-500`}>{m.label}</td>
                {m.values.map((v, i) => (
                  <td
                    key={i}
                    data-best={m.best === i ? "true" : undefined}
                    className={`${cellClass} font-mono tabular-nums ${m.best === i ? "font-semibold text-emerald-700 dark:text-emerald-400" : ""}`}
                  >
                    {formatMetric(v, m.format)}
                    {m.best === i && " ★"}
                  </td>
                ))}
              </tr>
            ))}
            <tr>
              <th colSpan={data.length + 1} className="pt-3 text-left text-[11px] uppercase text-slate-500">
                Training config: {changed.length} differ{changed.length === 1 ? "s" : ""}, {same.length} the same
              </th>
            </tr>
            {changed.map((r) => (
              <tr key={r.key} data-testid="config-diff-row">
                <td className={`${cellClass} font-mono text-slate-500`}>{r.key}</td>
                {r.values.map((v, i) => (
                  <td key={i} className={`${cellClass} break-all bg-amber-50 font-mono dark:bg-amber-950/40`}>
                    {v}
                  </td>
                ))}
              </tr>
            ))}
            {same.map((r) => (
              <tr key={r.key} className="text-slate-400">
                <td className={`${cellClass} font-mono`}>{r.key}</td>
                {r.values.map((v, i) => (
                  <td key={i} className={`${cellClass} break-all font-mono`}>
                    {v}
                  </td>
                ))}
              </tr>
            ))}
            <tr>
              <th colSpan={data.length + 1} className="pt-3 text-left text-[11px] uppercase text-slate-500">
                Data recipe (highlighted: not in every node)
              </th>
            </tr>
            <tr data-testid="recipe-diff">
              <td className={`${cellClass} text-slate-500`}>operators</td>
              {derived.recipes.map((steps, i) => (
                <td key={i} className={cellClass}>
                  <ol className="list-decimal space-y-0.5 pl-4 font-mono">
                    {steps.map((s, k) => (
                      <li
                        key={k}
                        className={s.common ? "text-slate-500" : "rounded bg-amber-50 px-1 dark:bg-amber-950/40"}
                      >
                        {s.text}
                      </li>
                    ))}
                  </ol>
                </td>
              ))}
            </tr>
            <tr>
              <th colSpan={data.length + 1} className="pt-3 text-left text-[11px] uppercase text-slate-500">
                Bad-case groups (validation errors by type)
              </th>
            </tr>
            {derived.errors.length === 0 && (
              <tr>
                <td colSpan={data.length + 1} className={`${cellClass} text-slate-500`}>
                  No diagnosis recorded for these nodes.
                </td>
              </tr>
            )}
            {derived.errors.map((g) => (
              <tr key={g.group} data-testid="error-group-row">
                <td className={`${cellClass} text-slate-500`}>{g.group}</td>
                {g.counts.map((c, i) => (
                  <td key={i} className={`${cellClass} font-mono tabular-nums`}>
                    {c === null ? "–" : c}
                  </td>
                ))}
              </tr>
            ))}
            <tr>
              <td className={`${cellClass} text-slate-500`}>examples</td>
              {data.map((d) => (
                <td key={d.node.id} className={cellClass}>
                  <ul className="space-y-1">
                    {(d.node.report?.badCases ?? []).slice(0, 3).map((b, k) => (
                      <li key={k} className="rounded bg-slate-50 p-1 dark:bg-slate-800/60">
                        <div className="break-words">{b.input}</div>
                        <div className="text-slate-500">
                          expected <b>{b.expected}</b>, got <b>{b.predicted}</b> · {b.errorType}
                        </div>
                      </li>
                    ))}
                  </ul>
                </td>
              ))}
            </tr>
          </tbody>
        </table>
      </div>
    </div>
  );
}
