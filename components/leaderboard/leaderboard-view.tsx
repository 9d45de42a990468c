"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc-provider";
import { AnytimeChart } from "./anytime-chart";
import { LeaderboardTable } from "./leaderboard-table";

function download(name: string, text: string, type: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.click();
  URL.revokeObjectURL(url);
}

export function LeaderboardView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const tasks = useQuery(trpc.task.list.queryOptions());
  const [taskId, setTaskId] = useState<string | undefined>(undefined);
  const entries = useQuery(trpc.leaderboard.list.queryOptions({ taskId }));
  const curves = useQuery(trpc.leaderboard.curves.queryOptions({ taskId }));

  const exportAs = async (format: "csv" | "json") => {
    const text = await queryClient.fetchQuery(trpc.leaderboard.export.queryOptions({ format, taskId }));
    download(
      `trex-leaderboard${taskId ? `-${taskId}` : ""}.${format}`,
      text,
      format === "csv" ? "text/csv" : "application/json",
    );
  };

  return (
    <section className="space-y-6">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-xl font-semibold">FT-Bench leaderboard</h1>
        <select
          aria-label="Task"
          className="rounded border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-900"
          value={taskId ?? ""}
          onChange={(e) => setTaskId(e.target.value || undefined)}
        >
          <option value="">All tasks</option>
          {(tasks.data ?? []).map((t) => (
            <option key={t.id} value={t.id}>
              {t.id}
            </option>
          ))}
        </select>
        <div className="ml-auto flex gap-2">
          <button
            className="rounded border border-slate-300 px-2 py-1 text-xs dark:border-slate-700"
            onClick={() => void exportAs("csv")}
          >
            Export CSV
          </button>
          <button
            className="rounded border border-slate-300 px-2 py-1 text-xs dark:border-slate-700"
            onClick={() => void exportAs("json")}
          >
            Export JSON
          </button>
        </div>
      </div>
      {entries.isPending ? (
        <p className="text-sm text-slate-500">Loading…</p>
      ) : entries.isError ? (
        <p className="text-sm text-rose-600">{entries.error.message}</p>
      ) : entries.data.length === 0 ? (
        <p className="rounded border border-dashed border-slate-300 p-8 text-center text-sm text-slate-500 dark:border-slate-700">
          No ranked explorations yet: a finished exploration with a trained node is ranked automatically, and a running
          one shows here, marked provisional, once it has trained a node.
        </p>
      ) : (
        <LeaderboardTable entries={entries.data} />
      )}
      <div>
        <h2 className="mb-2 text-sm font-semibold uppercase tracking-wide text-slate-500">
          Best score vs compute (anytime curves)
        </h2>
        <AnytimeChart series={(curves.data ?? []).map((c) => ({ label: c.label, points: c.points }))} />
      </div>
    </section>
  );
}
