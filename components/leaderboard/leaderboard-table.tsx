"use client";
/** The ranked explorations, sortable by any column (TanStack Table); running ones are marked provisional. */
import type { inferRouterOutputs } from "@trpc/server";
import {
  createColumnHelper,
  createSortedRowModel,
  rowSortingFeature,
  tableFeatures,
  useTable,
  type SortingState,
} from "@tanstack/react-table";
import { EntryTitle } from "./entry-title";
import { useState, type ReactNode } from "react";
import { formatCompute, formatDuration, formatScore, formatScoreDelta } from "@/components/format";
import type { AppRouter } from "@/server/api/root";

type Entry = inferRouterOutputs<AppRouter>["leaderboard"]["list"][number];

const features = tableFeatures({ rowSortingFeature, sortedRowModel: createSortedRowModel() });
const helper = createColumnHelper<typeof features, Entry>();
const num = "text-right font-mono";

interface Spec {
  id: string;
  header: string;
  value: (e: Entry) => string | number | null;
  render: (e: Entry) => ReactNode;
  className?: string;
  /** numbers sort high first on the first click */
  numeric?: boolean;
}

const SPECS: Spec[] = [
  { id: "taskId", header: "Task", value: (e) => e.taskId, render: (e) => e.taskId },
  {
    id: "title",
    header: "Exploration",
    value: (e) => e.title,
    render: (e) => <EntryTitle e={e} />,
  },
  { id: "policy", header: "Policy", value: (e) => e.policy, render: (e) => e.policy },
  { id: "planner", header: "Planner", value: (e) => e.planner, render: (e) => e.planner, className: "text-xs" },
  { id: "baseModel", header: "Base model", value: (e) => e.baseModel, render: (e) => e.baseModel },
  {
    id: "score",
    header: "Best (val)",
    value: (e) => e.score,
    render: (e) => formatScore(e.score),
    className: num,
    numeric: true,
  },
  {
    id: "testScore",
    header: "Test",
    value: (e) => e.testScore,
    render: (e) => formatScore(e.testScore),
    className: num,
    numeric: true,
  },
  {
    id: "gain",
    header: "Gain",
    value: (e) => e.gain,
    render: (e) => (
      <span className={e.gain >= 0 ? "text-emerald-600" : "text-rose-600"}>{formatScoreDelta(e.gain)}</span>
    ),
    className: num,
    numeric: true,
  },
  {
    id: "computeSeconds",
    header: "Compute",
    value: (e) => e.computeSeconds,
    render: (e) => formatCompute(e.computeSeconds),
    className: num,
    numeric: true,
  },
  {
    id: "tokens",
    header: "Tokens",
    value: (e) => e.tokens,
    render: (e) => e.tokens.toLocaleString("en"),
    className: num,
    numeric: true,
  },
  {
    id: "timeToBestSeconds",
    header: "Time to best",
    value: (e) => e.timeToBestSeconds,
    render: (e) => formatDuration(e.timeToBestSeconds),
    className: num,
    numeric: true,
  },
  { id: "method", header: "Method", value: (e) => e.method, render: (e) => e.method },
];

const columns = helper.columns(
  SPECS.map((s) =>
    helper.accessor((e) => s.value(e) ?? undefined, {
      id: s.id,
      sortUndefined: "last",
      sortDescFirst: s.numeric ?? false,
    }),
  ),
);

export function LeaderboardTable({ entries }: { entries: Entry[] }) {
  // the server's order (task, then gain) until a header is clicked
  const [sorting, setSorting] = useState<SortingState>([]);
  const table = useTable({
    features,
    columns,
    data: entries,
    getRowId: (e) => e.id,
    state: { sorting },
    onSortingChange: setSorting,
  });
  const specById = new Map(SPECS.map((s) => [s.id, s]));
  return (
    <table className="w-full text-sm [&_td]:px-2 [&_th]:px-2" data-testid="leaderboard-table">
      <thead className="text-left text-xs uppercase text-slate-500">
        <tr>
          <th className="py-2">#</th>
          {table.getHeaderGroups()[0]?.headers.map((h) => {
            const spec = specById.get(h.id);
            const sorted = h.column.getIsSorted();
            return (
              <th
                key={h.id}
                aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : "none"}
                className={spec?.numeric ? "text-right" : ""}
              >
                <button
                  type="button"
                  className="inline-flex items-center gap-1 uppercase hover:text-slate-800 dark:hover:text-slate-200"
                  onClick={h.column.getToggleSortingHandler()}
                  aria-label={`Sort by ${spec?.header ?? h.id}`}
                >
                  {spec?.header}
                  <span aria-hidden className="w-2 text-slate-400">
                    {sorted === "asc" ? "▲" : sorted === "desc" ? "▼" : ""}
                  </span>
                </button>
              </th>
            );
          })}
        </tr>
      </thead>
      <tbody>
        {table.getRowModel().rows.map((row, i) => (
          <tr
            key={row.id}
            className={`border-t border-slate-200 dark:border-slate-800 ${row.original.provisional ? "bg-amber-50/40 dark:bg-amber-950/20" : ""}`}
            data-exploration={row.original.explorationId ?? undefined}
          >
            <td className="py-2 text-slate-500">{i + 1}</td>
            {SPECS.map((s) => (
              <td key={s.id} className={s.className}>
                {s.render(row.original)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
