"use client";

import { useMutation } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc-provider";
import { StatusBadge } from "@/components/ui/status-badge";
import type { AppRouter } from "@/server/api/root";
import type { inferRouterOutputs } from "@trpc/server";

type TreeData = inferRouterOutputs<AppRouter>["exploration"]["tree"];

function BudgetBar({ label, used, total, unit }: { label: string; used: number; total: number; unit?: string }) {
  const pct = total > 0 ? Math.min(100, (100 * used) / total) : 0;
  return (
    <div className="w-32 text-[11px]">
      <div className="flex justify-between text-slate-500">
        <span>{label}</span>
        <span>
          {Math.round(used)}/{total}
          {unit}
        </span>
      </div>
      <div className="h-1.5 overflow-hidden rounded bg-slate-200 dark:bg-slate-700">
        <div className="h-full bg-emerald-500" style={{ width: `${pct}%` }} />
      </div>
    </div>
  );
}

export function ExplorationHeader({ exploration, nodes }: { exploration: TreeData["exploration"]; nodes: TreeData["nodes"] }) {
  const trpc = useTRPC();
  const pause = useMutation(trpc.exploration.pause.mutationOptions());
  const resume = useMutation(trpc.exploration.resume.mutationOptions());
  const stop = useMutation(trpc.exploration.stop.mutationOptions());
  const approveAll = useMutation(trpc.exploration.approveAll.mutationOptions());
  const pending = nodes.filter((n) => n.status === "awaiting_review").length;
  const root = nodes.find((n) => n.parentId === null);
  const best = nodes.reduce<(typeof nodes)[number] | undefined>((b, n) => (n.status === "succeeded" && n.score !== null && (!b || n.score > (b.score ?? -1)) ? n : b), undefined);
  const rounds = Math.max(0, ...nodes.map((n) => n.round));
  const runs = nodes.filter((n) => n.config.steps > 0 && !n.reusedFromId && ["queued", "running", "succeeded", "failed", "cancelled"].includes(n.status)).length;
  const compute = nodes.reduce((s, n) => s + n.computeSeconds, 0);
  const error = pause.error ?? resume.error ?? stop.error ?? approveAll.error;
  const button = "rounded border border-slate-300 px-2 py-1 text-xs hover:bg-slate-100 disabled:opacity-40 dark:border-slate-700 dark:hover:bg-slate-800";

  return (
    <div className="flex flex-wrap items-center gap-4 border-b border-slate-200 px-4 py-2 dark:border-slate-800">
      <div className="min-w-0">
        <h1 className="truncate text-base font-semibold" title={exploration.goal}>
          {exploration.title}
        </h1>
        <div className="flex items-center gap-2 text-xs text-slate-500">
          <StatusBadge status={exploration.status} />
          <span>{exploration.taskId}</span>
          <span>policy {exploration.policy}</span>
          {exploration.stopReason && <span data-testid="stop-reason">— {exploration.stopReason}</span>}
        </div>
      </div>
      <div className="text-xs">
        <div className="text-slate-500">best (validation)</div>
        <div data-testid="best-score" className="font-mono text-base font-semibold">
          {best?.score != null ? best.score.toFixed(3) : "—"}
          {best && root?.score != null && best.score != null && (
            <span className="ml-1 text-xs text-emerald-600">+{(best.score - root.score).toFixed(3)} vs baseline</span>
          )}
        </div>
      </div>
      <div className="flex gap-3">
        <BudgetBar label="rounds" used={rounds} total={exploration.budget.rounds} />
        <BudgetBar label="runs" used={runs} total={exploration.budget.trainingRuns} />
        <BudgetBar label="compute" used={compute} total={exploration.budget.computeSeconds} unit="s" />
      </div>
      <div className="ml-auto flex gap-2">
        {pending > 0 && (
          <button className={`${button} border-emerald-600 text-emerald-700 dark:text-emerald-300`} onClick={() => approveAll.mutate({ id: exploration.id })}>
            Approve all pending ({pending})
          </button>
        )}
        <button className={button} disabled={exploration.status !== "running"} onClick={() => pause.mutate({ id: exploration.id })}>
          Pause
        </button>
        <button className={button} disabled={exploration.status !== "paused"} onClick={() => resume.mutate({ id: exploration.id })}>
          Resume
        </button>
        <button className={button} disabled={!["running", "paused"].includes(exploration.status)} onClick={() => stop.mutate({ id: exploration.id })}>
          Stop
        </button>
      </div>
      {error && <p role="alert" className="w-full text-xs text-rose-600">{error.message}</p>}
    </div>
  );
}
