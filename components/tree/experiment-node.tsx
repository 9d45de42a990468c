"use client";

import { Handle, Position, useStore, type NodeProps, type ReactFlowState } from "@xyflow/react";
import { memo, type ReactNode } from "react";
import { StatusBadge } from "@/components/ui/status-badge";
import { DIRECTION_CHIP, STATUS_HEX, directionLabel, statusIcon, statusLabel } from "@/components/ui/status-styles";
import { useCanvasActions } from "./canvas-actions";
import { useLiveProgress } from "./live-store";
import type { ExperimentNode } from "./tree-flow";
import { INDENT, NODE_HEIGHT, NODE_WIDTH } from "./tree-layout";

/**
 * Below this zoom a card's small text is unreadable: it draws instead its status (colour and glyph), ordinal,
 * score and progress in large type, so a zoomed-out tree still reads.
 */
const DETAIL_ZOOM = 0.6;
const zoomedOut = (s: ReactFlowState) => s.transform[2] < DETAIL_ZOOM;
const handleClass = "!h-1.5 !w-1.5 !min-w-0 !border-0 !bg-slate-400";

function ScoreLine({
  score,
  parentScore,
  reused,
  children,
}: {
  score: number | null;
  parentScore: number | null;
  reused: boolean;
  /** more badges on the line (a repair's) */
  children?: ReactNode;
}) {
  const delta = score !== null && parentScore !== null ? score - parentScore : null;
  return (
    <div className="mt-1 flex items-center gap-2">
      {score !== null ? (
        <span data-testid="node-score" className="font-mono text-sm font-semibold">
          {score.toFixed(3)}
        </span>
      ) : (
        <span className="text-slate-400">no score</span>
      )}
      {delta !== null && (
        <span
          data-testid="node-delta"
          className={`font-mono text-[11px] ${delta > 0 ? "text-emerald-600 dark:text-emerald-400" : delta < 0 ? "text-rose-600 dark:text-rose-400" : "text-slate-500"}`}
        >
          {delta > 0 ? "▲ +" : delta < 0 ? "▼ " : "± "}
          {delta.toFixed(3)}
        </span>
      )}
      {reused && (
        <span
          title="Identical plan found earlier: its result was reused, no training ran"
          className="rounded bg-violet-100 px-1 text-[10px] font-medium text-violet-800 dark:bg-violet-900 dark:text-violet-200"
        >
          ♻ reused
        </span>
      )}
      {children}
    </div>
  );
}

/** A repair's link to the failed node it repairs: a click selects and shows that node. */
function RepairBadge({ ordinal, summary, onShow }: { ordinal?: number; summary?: string; onShow: () => void }) {
  return (
    <button
      type="button"
      data-testid="node-repair-badge"
      title={summary}
      onClick={(e) => {
        e.stopPropagation();
        onShow();
      }}
      className="nodrag ml-auto truncate rounded bg-orange-100 px-1 text-[10px] font-medium text-orange-800 hover:bg-orange-200 dark:bg-orange-950 dark:text-orange-200 dark:hover:bg-orange-900"
    >
      ↻ repair of #{ordinal}
    </button>
  );
}

function ExperimentNodeCard({ id, data, selected }: NodeProps<ExperimentNode>) {
  const far = useStore(zoomedOut);
  const live = useLiveProgress(id);
  const inFlight = data.status === "running" || data.status === "queued";
  // the live value only while the job is in flight; a retried node starts again from its record. While the job
  // prepares (a preset's first build) the bar follows that work and says so.
  const phase = inFlight ? (live?.phase ?? null) : null;
  const fraction = phase
    ? (live?.fraction ?? 0)
    : inFlight
      ? Math.max(data.progress, live?.fraction ?? 0)
      : data.progress;
  const progress = Math.round(100 * fraction);
  const { toggleCollapse, showNode } = useCanvasActions();
  const strip = STATUS_HEX[data.status] ?? "#94a3b8";
  const ring = selected
    ? "ring-2 ring-emerald-500"
    : data.picked
      ? "ring-4 ring-sky-500"
      : data.match
        ? "ring-2 ring-amber-400"
        : data.onBestPath
          ? "ring-1 ring-emerald-500/70"
          : "";
  return (
    <div
      data-testid="tree-node"
      data-node-id={id}
      data-node-status={data.status}
      data-ordinal={data.ordinal}
      data-best={data.onBestPath ? "true" : undefined}
      data-match={data.match ? "true" : undefined}
      data-picked={data.picked ? "true" : undefined}
      title={`#${data.ordinal} ${data.title}\n${statusLabel(data.status)}${data.score !== null ? ` · score ${data.score.toFixed(3)}` : ""}${inFlight ? ` · ${progress}%` : ""}${data.pruneReason ? `\npruned: ${data.pruneReason}` : ""}`}
      style={{
        width: NODE_WIDTH,
        height: NODE_HEIGHT,
        borderLeftColor: strip,
        ...(far ? { background: `${strip}33` } : {}),
      }}
      className={`relative rounded-md border border-l-[6px] border-slate-300 bg-white text-xs shadow-sm dark:border-slate-700 dark:bg-slate-900 ${ring} ${
        data.dimmed || data.status === "pruned" ? "opacity-50" : ""
      }`}
    >
      <Handle id="left" type="target" position={Position.Left} className={handleClass} isConnectable={false} />
      {far ? (
        <div className="flex h-full flex-col justify-center gap-1 px-2 leading-none" data-testid="node-far">
          <div className="flex items-center gap-2 font-mono font-bold">
            <span aria-label={statusLabel(data.status)} className="text-[52px]" style={{ color: strip }}>
              {statusIcon(data.status)}
            </span>
            <span className="ml-auto text-[52px] text-slate-900 dark:text-slate-50">
              {data.score !== null ? data.score.toFixed(2) : ""}
            </span>
          </div>
          <div className="flex items-center gap-2 font-mono text-[28px] font-semibold text-slate-600 dark:text-slate-300">
            #{data.ordinal}
            {inFlight && (
              <div className="h-4 flex-1 overflow-hidden rounded bg-slate-300 dark:bg-slate-700">
                <div className="h-full bg-blue-500" style={{ width: `${progress}%` }} />
              </div>
            )}
          </div>
        </div>
      ) : (
        <div className="p-2">
          <div className="flex items-center justify-between gap-1">
            <span className="font-mono font-semibold text-slate-500">#{data.ordinal}</span>
            <span
              className={`truncate rounded px-1 text-[10px] font-medium uppercase ${DIRECTION_CHIP[data.direction] ?? DIRECTION_CHIP.baseline}`}
            >
              {directionLabel(data.direction)}
            </span>
            <span className="ml-auto">
              <StatusBadge status={data.status} short />
            </span>
          </div>
          <div className="mt-1 truncate font-medium" title={data.title}>
            {data.picked && (
              <span title="Picked for comparison" className="mr-1 text-sky-600">
                ⊕
              </span>
            )}
            {data.onBestPath && (
              <span title="On the path to the best node" className="mr-1 text-emerald-600">
                ★
              </span>
            )}
            {data.title}
          </div>
          <ScoreLine score={data.score} parentScore={data.parentScore} reused={data.reused}>
            {data.repairOfId && (
              <RepairBadge
                ordinal={data.repairOfOrdinal}
                summary={data.repairSummary}
                onShow={() => data.repairOfId && showNode(data.repairOfId)}
              />
            )}
          </ScoreLine>
          {phase && (
            <div className="mt-1 truncate text-[10px] text-amber-700 dark:text-amber-400" title={phase}>
              {phase}
            </div>
          )}
          {inFlight && (
            <div className="mt-1.5 flex items-center gap-1" data-testid="node-progress">
              <div
                className="h-1.5 flex-1 overflow-hidden rounded bg-slate-200 dark:bg-slate-700"
                role="progressbar"
                aria-label={phase ?? "training"}
                aria-valuenow={progress}
                aria-valuemin={0}
                aria-valuemax={100}
              >
                <div
                  className={`h-full transition-[width] duration-300 ${phase ? "bg-amber-500" : "bg-blue-500"}`}
                  style={{ width: `${progress}%` }}
                />
              </div>
              <span className="w-8 text-right font-mono text-[10px] text-slate-500">{progress}%</span>
            </div>
          )}
          {data.queueBadge && (data.status === "approved" || data.status === "queued") && (
            <div
              className="mt-1 truncate font-mono text-[10px] text-slate-500"
              data-testid="node-queue"
              title={data.queueReason}
            >
              {data.queueBadge}
            </div>
          )}
          {data.pruneReason && (
            <div
              className="mt-1 truncate text-[10px] text-amber-700 dark:text-amber-300"
              data-testid="node-prune-reason"
              title={data.pruneReason}
            >
              ✂ {data.pruneReason}
            </div>
          )}
          {data.status === "failed" && data.error && (
            <div className="mt-1 truncate text-[10px] text-rose-600 dark:text-rose-400" title={data.error}>
              {data.error}
            </div>
          )}
        </div>
      )}
      {data.childCount > 0 && (
        <button
          type="button"
          data-testid="collapse-toggle"
          aria-label={
            data.collapsed
              ? `Expand ${data.hiddenCount} hidden nodes under #${data.ordinal}`
              : `Collapse the subtree of #${data.ordinal}`
          }
          onClick={(e) => {
            e.stopPropagation();
            toggleCollapse(id);
          }}
          className="nodrag absolute -bottom-2.5 left-1/2 z-10 -translate-x-1/2 rounded-full border border-slate-300 bg-white px-1.5 font-mono text-[10px] leading-4 text-slate-600 hover:bg-slate-100 dark:border-slate-600 dark:bg-slate-800 dark:text-slate-300 dark:hover:bg-slate-700"
        >
          {data.collapsed ? `+${data.hiddenCount}` : "−"}
        </button>
      )}
      <Handle
        id="spine"
        type="source"
        position={Position.Bottom}
        style={{ left: INDENT / 2 }}
        className={handleClass}
        isConnectable={false}
      />
      <Handle id="right" type="source" position={Position.Right} className={handleClass} isConnectable={false} />
    </div>
  );
}

export const ExperimentNodeView = memo(ExperimentNodeCard);
