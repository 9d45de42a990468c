"use client";

import { useMutation } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Button } from "@/components/ui/button";
import { ProgressBar } from "@/components/ui/progress-bar";
import { StatusBadge } from "@/components/ui/status-badge";
import { spentOf } from "@/server/domain/explorations/budget";
import { ABLATION_LABELS, switchedOff } from "@/server/contract/ablations";
import { BudgetEditor } from "./budget-editor";
import { compactSeconds, formatScore, formatScoreDelta } from "@/components/format";
import type { TreeData } from "./tree-events";

const compact = (v: number) => (v >= 10_000 ? `${Math.round(v / 1000)}k` : String(Math.round(v)));

/** Ticks once a second while the exploration runs, for the wall-time budget. */
function useNow(active: boolean): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    if (!active) return;
    const t = setInterval(() => setNow(new Date()), 1_000);
    return () => clearInterval(t);
  }, [active]);
  return now;
}

export function ExplorationHeader({ data }: { data: TreeData }) {
  const { exploration, nodes } = data;
  const trpc = useTRPC();
  const pause = useMutation(trpc.exploration.pause.mutationOptions());
  const resume = useMutation(trpc.exploration.resume.mutationOptions());
  const stop = useMutation(trpc.exploration.stop.mutationOptions());
  const approveAll = useMutation(trpc.exploration.approveAll.mutationOptions());
  const active = exploration.status === "running" || exploration.status === "paused";
  const now = useNow(active);
  const spent = spentOf(
    nodes.map((n) => ({
      round: n.round,
      status: n.status,
      trained: n.config.steps > 0,
      reused: n.reusedFromId !== null,
      computeSeconds: n.computeSeconds,
      tokens: n.tokens,
    })),
    exploration.createdAt,
    active ? now : (exploration.finishedAt ?? now),
  );
  const pending = nodes.filter((n) => n.status === "awaiting_review").length;
  const root = nodes.find((n) => n.parentId === null);
  const best = nodes.reduce<(typeof nodes)[number] | undefined>(
    (b, n) => (n.status === "succeeded" && n.score !== null && (!b || n.score > (b.score ?? -1)) ? n : b),
    undefined,
  );
  const gain = best?.score != null && root?.score != null ? best.score - root.score : null;
  const error = pause.error ?? resume.error ?? stop.error ?? approveAll.error;
  const { budget } = exploration;
  const off = switchedOff(exploration.ablations);

  return (
    <div
      className="relative z-20 flex flex-wrap items-center gap-x-4 gap-y-2 border-b border-slate-200 bg-white px-4 py-2 dark:border-slate-800 dark:bg-slate-900"
      data-testid="exploration-header"
    >
      <div className="min-w-48 max-w-[26rem] flex-1">
        <h1 className="truncate text-base font-semibold" title={exploration.goal}>
          {exploration.title}
        </h1>
        <div className="flex items-center gap-2 overflow-hidden whitespace-nowrap text-xs text-slate-500">
          <span data-testid="exploration-status">
            <StatusBadge status={exploration.status} />
          </span>
          {exploration.datasetId ? (
            <span title={exploration.taskId} data-testid="exploration-dataset">
              {typeof exploration.spec.domain === "string" ? exploration.spec.domain : "dataset"} (dataset)
            </span>
          ) : (
            <span>{exploration.taskId}</span>
          )}
          <span>· {exploration.policy}</span>
          <span>· {exploration.approvalMode}</span>
          {exploration.stopReason && (
            <span data-testid="stop-reason" className="truncate" title={exploration.stopReason}>
              — {exploration.stopReason}
            </span>
          )}
        </div>
      </div>
      {off.length > 0 && (
        <div
          data-testid="exploration-ablations"
          className="rounded border border-amber-300 bg-amber-50 px-2 py-0.5 text-xs text-amber-800 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-300"
          title={off.map((s) => `${ABLATION_LABELS[s].label} off: ${ABLATION_LABELS[s].off}`).join("\n")}
        >
          ablation: {off.map((s) => `no ${s}`).join(", ")}
        </div>
      )}
      <div className="text-xs">
        <div className="text-slate-500">best (validation)</div>
        <div data-testid="best-score" className="font-mono text-base font-semibold">
          {formatScore(best?.score)}
          {gain !== null && (
            <span className={`ml-1 text-xs ${gain >= 0 ? "text-emerald-600 dark:text-emerald-400" : "text-rose-600"}`}>
              {formatScoreDelta(gain)} vs baseline
            </span>
          )}
        </div>
      </div>
      <div className="hidden flex-wrap gap-2.5 sm:flex" data-testid="budget-bars">
        <ProgressBar label="rounds" used={spent.rounds} total={budget.rounds} />
        <ProgressBar label="runs" used={spent.trainingRuns} total={budget.trainingRuns} />
        <ProgressBar
          label="compute"
          used={spent.computeSeconds}
          total={budget.computeSeconds}
          format={compactSeconds}
        />
        <ProgressBar label="wall" used={spent.wallSeconds} total={budget.wallSeconds} format={compactSeconds} />
        {budget.tokens > 0 && (
          <div className="hidden xl:block">
            <ProgressBar label="tokens" used={spent.tokens} total={budget.tokens} format={compact} />
          </div>
        )}
        <BudgetEditor explorationId={exploration.id} budget={budget} disabled={!active} />
      </div>
      <div className="ml-auto flex flex-wrap gap-1.5">
        {pending > 0 && (
          <Button
            variant="primary"
            disabled={approveAll.isPending}
            onClick={() => approveAll.mutate({ id: exploration.id })}
          >
            Approve all ({pending})
          </Button>
        )}
        {exploration.status === "paused" ? (
          <Button disabled={resume.isPending} onClick={() => resume.mutate({ id: exploration.id })}>
            ▶ Resume
          </Button>
        ) : (
          <Button
            disabled={exploration.status !== "running" || pause.isPending}
            onClick={() => pause.mutate({ id: exploration.id })}
          >
            ❚❚ Pause
          </Button>
        )}
        <Button
          variant="danger"
          disabled={!active || stop.isPending}
          onClick={() => {
            if (window.confirm("Stop this exploration? Running jobs are cancelled and it cannot be resumed."))
              stop.mutate({ id: exploration.id });
          }}
        >
          ■ Stop
        </Button>
      </div>
      {error && (
        <p role="alert" className="w-full text-xs text-rose-600 dark:text-rose-400">
          {error.message}
        </p>
      )}
    </div>
  );
}
