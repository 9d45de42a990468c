"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useMemo, useState } from "react";
import { useTRPC } from "@/components/providers/trpc-provider";
import { buttonClass } from "@/components/ui/button";
import { EmptyState, ErrorNote, Spinner } from "@/components/ui/section";
import { StatusBadge } from "@/components/ui/status-badge";
import { formatCompute, formatDuration, formatScore, formatScoreDelta } from "@/components/format";
import { DEFAULT_LIST_QUERY, queryRows, type ExplorationRow, type ListQuery, type SortKey } from "./list-model";

const STATUSES = ["running", "paused", "finished", "stopped", "failed"];
const columns: { key: SortKey; label: string; align?: "right" }[] = [
  { key: "title", label: "Exploration" },
  { key: "status", label: "Status" },
  { key: "bestScore", label: "Best", align: "right" },
  { key: "gain", label: "Gain vs baseline", align: "right" },
  { key: "nodes", label: "Nodes", align: "right" },
  { key: "computeSeconds", label: "Cost", align: "right" },
  { key: "durationSeconds", label: "Time", align: "right" },
  { key: "createdAt", label: "Created", align: "right" },
];

/** Rows with baseline and gain from the ui router; the core list (without them) if that is not mounted. */
function useRows() {
  const trpc = useTRPC();
  const overviews = useQuery({ ...trpc.ui.explorationOverviews.queryOptions(), refetchInterval: 5_000, retry: false });
  const basic = useQuery({
    ...trpc.exploration.list.queryOptions(),
    enabled: overviews.isError,
    refetchInterval: 5_000,
  });
  const rows = useMemo<ExplorationRow[] | undefined>(() => {
    if (overviews.data) return overviews.data;
    const now = Date.now();
    return basic.data?.map((e) => ({
      ...e,
      taskLabel: e.taskId,
      nodes: e.stats.nodes,
      baselineScore: null,
      bestScore: e.stats.bestScore,
      gain: null,
      computeSeconds: e.stats.computeSeconds,
      tokens: e.stats.tokens,
      durationSeconds: ((e.finishedAt?.getTime() ?? now) - e.createdAt.getTime()) / 1000,
      running: 0,
      awaitingReview: 0,
    }));
  }, [overviews.data, basic.data]);
  const pending = overviews.isPending || (overviews.isError && basic.isPending);
  const error = overviews.isError && basic.isError ? basic.error.message : null;
  return { rows, pending, error };
}

export function ExplorationList() {
  const { rows, pending, error } = useRows();
  const [q, setQ] = useState<ListQuery>(DEFAULT_LIST_QUERY);
  const shown = useMemo(() => queryRows(rows ?? [], q), [rows, q]);
  const tasks = useMemo(
    () =>
      [...new Map((rows ?? []).map((r) => [r.taskId, r.taskLabel])).entries()].sort((a, b) => a[1].localeCompare(b[1])),
    [rows],
  );
  const sortBy = (key: SortKey) => setQ((x) => ({ ...x, sort: key, desc: x.sort === key ? !x.desc : key !== "title" }));
  const field = "rounded border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-900";

  return (
    <section>
      <div className="mb-4 flex flex-wrap items-center gap-3">
        <h1 className="text-xl font-semibold">Explorations</h1>
        <input
          type="search"
          aria-label="Search explorations"
          placeholder="Search title, goal or task"
          className={`${field} w-64`}
          value={q.search}
          onChange={(e) => setQ({ ...q, search: e.target.value })}
        />
        <select
          aria-label="Filter by status"
          className={field}
          value={q.status}
          onChange={(e) => setQ({ ...q, status: e.target.value })}
        >
          <option value="">all statuses</option>
          {STATUSES.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
        <select
          aria-label="Filter by task"
          className={field}
          value={q.taskId}
          onChange={(e) => setQ({ ...q, taskId: e.target.value })}
        >
          <option value="">all tasks</option>
          {tasks.map(([id, label]) => (
            <option key={id} value={id}>
              {label}
            </option>
          ))}
        </select>
        <Link href="/explorations/new" className={buttonClass("primary", "ml-auto px-3 py-1.5 text-sm")}>
          New exploration
        </Link>
      </div>
      {pending ? (
        <Spinner label="Loading explorations…" />
      ) : error ? (
        <ErrorNote>Could not load explorations: {error}</ErrorNote>
      ) : (rows ?? []).length === 0 ? (
        <EmptyState>
          No explorations yet.{" "}
          <Link href="/explorations/new" className="text-emerald-700 underline dark:text-emerald-400">
            Write a fine-tuning goal
          </Link>{" "}
          to start one.
        </EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
          <table className="w-full text-sm" data-testid="exploration-table">
            <thead className="bg-slate-50 text-left text-[11px] uppercase tracking-wide text-slate-500 dark:bg-slate-800/60">
              <tr>
                {columns.map((c) => (
                  <th
                    key={c.key}
                    className={`px-3 py-2 font-medium ${c.align === "right" ? "text-right" : ""}`}
                    aria-sort={q.sort === c.key ? (q.desc ? "descending" : "ascending") : undefined}
                  >
                    <button
                      type="button"
                      className="uppercase hover:text-slate-800 dark:hover:text-slate-200"
                      onClick={() => sortBy(c.key)}
                    >
                      {c.label}
                      {q.sort === c.key ? (q.desc ? " ↓" : " ↑") : ""}
                    </button>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {shown.map((e) => (
                <tr
                  key={e.id}
                  data-testid="exploration-row"
                  className="border-t border-slate-100 hover:bg-slate-50 dark:border-slate-800 dark:hover:bg-slate-800/40"
                >
                  <td className="max-w-md px-3 py-2">
                    <Link
                      className="block truncate font-medium text-emerald-700 hover:underline dark:text-emerald-400"
                      href={`/explorations/${e.id}`}
                      title={e.goal}
                    >
                      {e.title}
                    </Link>
                    <span className="text-xs text-slate-500">
                      {e.taskLabel} · {e.policy}
                    </span>
                  </td>
                  <td className="px-3">
                    <StatusBadge status={e.status} />
                    {e.awaitingReview > 0 && (
                      <div className="mt-0.5 text-[11px] text-amber-700 dark:text-amber-400">
                        {e.awaitingReview} to review
                      </div>
                    )}
                    {e.running > 0 && (
                      <div className="mt-0.5 text-[11px] text-blue-600 dark:text-blue-400">{e.running} training</div>
                    )}
                  </td>
                  <td className="px-3 text-right font-mono">{formatScore(e.bestScore)}</td>
                  <td
                    className={`px-3 text-right font-mono ${e.gain === null ? "" : e.gain > 0 ? "text-emerald-600 dark:text-emerald-400" : e.gain < 0 ? "text-rose-600" : ""}`}
                  >
                    {formatScoreDelta(e.gain)}
                  </td>
                  <td className="px-3 text-right font-mono">{e.nodes}</td>
                  <td className="px-3 text-right font-mono" title={`${e.tokens.toLocaleString("en")} agent tokens`}>
                    {formatCompute(e.computeSeconds)}
                  </td>
                  <td className="px-3 text-right font-mono">{formatDuration(e.durationSeconds)}</td>
                  <td className="px-3 text-right text-xs text-slate-500">{e.createdAt.toLocaleString()}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {shown.length === 0 && (
            <p className="p-4 text-center text-sm text-slate-500">No exploration matches these filters.</p>
          )}
        </div>
      )}
    </section>
  );
}
