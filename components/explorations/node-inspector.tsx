"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc-provider";
import { LineChart } from "@/components/ui/line-chart";
import { StatusBadge } from "@/components/ui/status-badge";
import { NodeActions } from "./node-actions";
import type { LiveCurvePoint } from "./use-live-exploration";

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section className="border-t border-slate-200 px-4 py-3 dark:border-slate-800">
      <h3 className="mb-2 text-xs font-semibold uppercase tracking-wide text-slate-500">{title}</h3>
      {children}
    </section>
  );
}

export function NodeInspector({ nodeId, liveCurve, onClose }: { nodeId: string; liveCurve: LiveCurvePoint[]; onClose: () => void }) {
  const trpc = useTRPC();
  const detail = useQuery({ ...trpc.node.detail.queryOptions({ id: nodeId }), refetchInterval: (q) => (q.state.data?.node.status === "running" ? 3000 : false) });
  if (detail.isPending) return <p className="p-4 text-sm text-slate-500">Loading node…</p>;
  if (detail.isError) return <p className="p-4 text-sm text-rose-600">{detail.error.message}</p>;
  const { node, job, logTail, curve } = detail.data;
  const points = (curve.length >= liveCurve.length ? curve : liveCurve).filter((p) => p.loss !== null).map((p) => ({ x: p.step, y: p.loss ?? 0 }));
  const metrics = node.metrics ?? {};

  return (
    <div data-testid="node-inspector">
      <div className="flex items-start justify-between p-4">
        <div>
          <div className="text-xs text-slate-500">
            node #{node.ordinal} · round {node.round} · {node.direction.replaceAll("_", " ")}
          </div>
          <h2 className="font-semibold">{node.plan.title}</h2>
          <StatusBadge status={node.status} />
        </div>
        <button onClick={onClose} className="text-slate-400 hover:text-slate-700" aria-label="Close inspector">
          ✕
        </button>
      </div>
      <NodeActions node={node} />
      {node.error && <p className="mx-4 mb-2 rounded bg-rose-50 p-2 text-xs text-rose-700 dark:bg-rose-950 dark:text-rose-300">{node.error}</p>}
      {node.reusedFromId && <p className="mx-4 mb-2 text-xs text-violet-600">Result reused from an identical earlier experiment — no training was run.</p>}
      <Section title="Plan">
        <p className="text-sm">{node.plan.rationale}</p>
        {node.plan.hypotheses.length > 0 && (
          <ul className="mt-1 list-disc pl-5 text-xs text-slate-600 dark:text-slate-400">
            {node.plan.hypotheses.map((h) => (
              <li key={h}>{h}</li>
            ))}
          </ul>
        )}
        {node.plan.selectionReason && <p className="mt-1 text-xs text-slate-500">Selected because: {node.plan.selectionReason}</p>}
      </Section>
      <Section title="Metrics">
        {Object.keys(metrics).length === 0 ? (
          <p className="text-xs text-slate-500">Not evaluated yet.</p>
        ) : (
          <table className="w-full text-xs" data-testid="node-metrics">
            <tbody>
              {Object.entries(metrics).flatMap(([split, values]) =>
                Object.entries(values).map(([name, v]) => (
                  <tr key={`${split}.${name}`}>
                    <td className="text-slate-500">{split}</td>
                    <td>{name}</td>
                    <td className="text-right font-mono">{v.toFixed(4)}</td>
                  </tr>
                )),
              )}
            </tbody>
          </table>
        )}
      </Section>
      <Section title="Training loss">
        <LineChart points={points} label="loss by step" />
      </Section>
      <Section title="Training config">
        <pre className="overflow-x-auto text-[11px]">{JSON.stringify(node.config, null, 2)}</pre>
      </Section>
      <Section title="Data recipe">
        <ol className="list-decimal pl-5 text-xs">
          {node.recipe.operators.map((o, i) => {
            const step = node.report?.recipeReport?.[i];
            return (
              <li key={i}>
                <code>{JSON.stringify(o)}</code>
                {step && (
                  <span className="ml-1 text-slate-500">
                    ({step.rowsIn} → {step.rowsOut} rows)
                  </span>
                )}
              </li>
            );
          })}
        </ol>
      </Section>
      {node.report?.badCases && node.report.badCases.length > 0 && (
        <Section title="Bad cases (validation)">
          <ul className="space-y-1 text-[11px]">
            {node.report.badCases.slice(0, 8).map((b, i) => (
              <li key={i} className="rounded bg-slate-50 p-1 dark:bg-slate-800">
                <div className="truncate" title={b.input}>{b.input}</div>
                <div>
                  expected <code>{b.expected}</code>, got <code>{b.predicted}</code> <span className="text-slate-500">({b.errorType})</span>
                </div>
              </li>
            ))}
          </ul>
        </Section>
      )}
      <Section title={`Log${job ? ` · job ${job.id} (${job.runnerKind}, attempt ${job.attempt})` : ""}`}>
        <pre data-testid="log-tail" className="max-h-48 overflow-auto whitespace-pre-wrap rounded bg-slate-900 p-2 text-[10px] text-slate-100">
          {logTail || "(no log yet)"}
        </pre>
      </Section>
    </div>
  );
}
