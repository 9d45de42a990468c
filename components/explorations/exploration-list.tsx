"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "@/components/providers/trpc-provider";
import { StatusBadge } from "@/components/ui/status-badge";

export function ExplorationList() {
  const trpc = useTRPC();
  const list = useQuery({ ...trpc.exploration.list.queryOptions(), refetchInterval: 5_000 });
  if (list.isPending) return <p className="text-sm text-slate-500">Loading explorations…</p>;
  if (list.isError) return <p className="text-sm text-rose-600">Could not load explorations: {list.error.message}</p>;
  return (
    <section>
      <div className="mb-4 flex items-center justify-between">
        <h1 className="text-xl font-semibold">Explorations</h1>
        <Link href="/explorations/new" className="rounded bg-emerald-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-emerald-700">
          New exploration
        </Link>
      </div>
      {list.data.length === 0 ? (
        <p className="rounded border border-dashed border-slate-300 p-8 text-center text-sm text-slate-500 dark:border-slate-700">
          No explorations yet. Write a fine-tuning goal to start one.
        </p>
      ) : (
        <table className="w-full text-sm">
          <thead className="text-left text-xs uppercase text-slate-500">
            <tr>
              <th className="py-2">Title</th>
              <th>Task</th>
              <th>Status</th>
              <th>Nodes</th>
              <th>Best score</th>
              <th>Compute</th>
              <th>Created</th>
            </tr>
          </thead>
          <tbody>
            {list.data.map((e) => (
              <tr key={e.id} className="border-t border-slate-200 dark:border-slate-800">
                <td className="py-2">
                  <Link className="font-medium text-emerald-700 hover:underline dark:text-emerald-400" href={`/explorations/${e.id}`}>
                    {e.title}
                  </Link>
                </td>
                <td>{e.taskId}</td>
                <td>
                  <StatusBadge status={e.status} />
                </td>
                <td>{e.stats.nodes}</td>
                <td>{e.stats.bestScore === null ? "—" : e.stats.bestScore.toFixed(3)}</td>
                <td>{Math.round(e.stats.computeSeconds)} s</td>
                <td className="text-slate-500">{e.createdAt.toLocaleString()}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
