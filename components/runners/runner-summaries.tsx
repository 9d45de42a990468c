"use client";
/** Settings → Runners for members who are not instance administrators: each runner's name, kind and health only. */
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc-provider";
import { ErrorNote, Spinner } from "@/components/ui/section";

const HEALTH = { ok: "last check passed", failing: "last check failed", unchecked: "not checked yet" } as const;

export function RunnerSummaries() {
  const trpc = useTRPC();
  const runners = useQuery(trpc.runner.list.queryOptions());
  if (runners.isPending) return <Spinner label="Loading runners…" />;
  if (runners.error) return <ErrorNote>{runners.error.message}</ErrorNote>;
  return (
    <section className="space-y-4">
      <div className="flex items-center gap-3">
        <h1 className="text-xl font-semibold">Runners</h1>
        <p className="text-sm text-slate-500">Where training runs.</p>
      </div>
      <p className="text-xs text-slate-500">Only administrators change runners.</p>
      <ul className="divide-y divide-slate-200 rounded border border-slate-200 bg-white dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900">
        {runners.data.map((r) => (
          <li key={r.name} data-testid={`runner-${r.name}`} className="flex flex-wrap items-center gap-3 p-3">
            <span className="font-medium">{r.name}</span>
            <span className="rounded bg-slate-100 px-1.5 text-xs text-slate-600 dark:bg-slate-800 dark:text-slate-300">
              {r.kind}
            </span>
            <span className="text-xs text-slate-500">{HEALTH[r.health]}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
