"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc-provider";

/**
 * The lessons the Researcher distilled from the exploration so far, each with the nodes that support it
 * (clickable when the page can select a node): effects against a matched control carry their size and the
 * number of comparisons; changes made together are marked confounded. Refreshes while the exploration runs.
 */
export function InsightsList({
  explorationId,
  onSelectNode,
  refetchMs = 10_000,
}: {
  explorationId: string;
  onSelectNode?: (nodeId: string) => void;
  refetchMs?: number | false;
}) {
  const trpc = useTRPC();
  const insights = useQuery({ ...trpc.agent.insights.queryOptions({ explorationId }), refetchInterval: refetchMs });
  if (insights.isPending) return <p className="text-xs text-slate-500">Loading insights…</p>;
  if (insights.isError) return <p className="text-xs text-rose-600">{insights.error.message}</p>;
  if (insights.data.length === 0)
    return <p className="text-xs text-slate-500">No insights yet: they appear as experiments are evaluated.</p>;
  return (
    <ul data-testid="insights-list" className="space-y-2 text-xs">
      {insights.data.map((i) => (
        <li key={i.id} data-testid="insight" className="rounded bg-slate-50 p-2 dark:bg-slate-800">
          <p>
            {(i.kind === "effect" || i.kind === "confounded") && (
              <span
                data-testid="insight-evidence"
                className={`mr-1 rounded px-1 font-mono text-[10px] ${i.kind === "confounded" ? "bg-amber-100 text-amber-900 dark:bg-amber-900 dark:text-amber-100" : "bg-emerald-100 text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100"}`}
              >
                {i.kind === "confounded" ? "confounded" : "matched"}{" "}
                {i.effect === null ? "" : `${i.effect >= 0 ? "+" : ""}${i.effect.toFixed(3)}`} · n={i.comparisons}
              </span>
            )}
            {i.text}
          </p>
          {i.supportingNodes.length > 0 && (
            <div className="mt-1 flex flex-wrap gap-1">
              {i.supportingNodes.map((n) =>
                onSelectNode && n.ordinal !== null ? (
                  <button
                    key={n.id}
                    type="button"
                    onClick={() => onSelectNode(n.id)}
                    className="rounded bg-slate-200 px-1 font-mono text-[10px] hover:bg-sky-200 dark:bg-slate-700 dark:hover:bg-sky-800"
                  >
                    #{n.ordinal}
                  </button>
                ) : (
                  <span key={n.id} className="rounded bg-slate-200 px-1 font-mono text-[10px] dark:bg-slate-700">
                    {n.ordinal === null ? "removed" : `#${n.ordinal}`}
                  </span>
                ),
              )}
            </div>
          )}
        </li>
      ))}
    </ul>
  );
}
