"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc-provider";
import { AnytimeChart } from "./anytime-chart";

function download(name: string, text: string, type: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.click();
  URL.revokeObjectURL(url);
}

const pct = (v: number | null | undefined) => (v === null || v === undefined ? "—" : (100 * v).toFixed(1));

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
          No ranked explorations yet: a finished exploration with a trained node is ranked automatically.
        </p>
      ) : (
        <table className="w-full text-sm [&_td]:px-2 [&_th]:px-2" data-testid="leaderboard-table">
          <thead className="text-left text-xs uppercase text-slate-500">
            <tr>
              <th className="py-2">#</th>
              <th>Task</th>
              <th>Exploration</th>
              <th>Policy</th>
              <th>Planner</th>
              <th>Base model</th>
              <th className="text-right">Best (val)</th>
              <th className="text-right">Test</th>
              <th className="text-right">Gain</th>
              <th className="text-right">Compute</th>
              <th className="text-right">Tokens</th>
              <th className="text-right">Time to best</th>
            </tr>
          </thead>
          <tbody>
            {entries.data.map((e, i) => (
              <tr key={e.id} className="border-t border-slate-200 dark:border-slate-800">
                <td className="py-2 text-slate-500">{i + 1}</td>
                <td>{e.taskId}</td>
                <td>
                  <Link
                    className="text-emerald-700 hover:underline dark:text-emerald-400"
                    href={`/explorations/${e.explorationId}?node=${e.nodeId}`}
                  >
                    {e.exploration.title}
                  </Link>
                </td>
                <td>{e.policy}</td>
                <td className="text-xs">{e.planner}</td>
                <td>{e.baseModel}</td>
                <td className="text-right font-mono">{pct(e.score)}</td>
                <td className="text-right font-mono">{pct(e.testScore)}</td>
                <td className={`text-right font-mono ${e.gain >= 0 ? "text-emerald-600" : "text-rose-600"}`}>
                  {(e.gain >= 0 ? "+" : "") + pct(e.gain)}
                </td>
                <td className="text-right">{(e.computeSeconds / 3600).toFixed(3)} h</td>
                <td className="text-right">{e.tokens.toLocaleString("en")}</td>
                <td className="text-right">{Math.round(e.timeToBestSeconds)} s</td>
              </tr>
            ))}
          </tbody>
        </table>
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
