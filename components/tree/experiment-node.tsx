"use client";

import { Handle, Position, type NodeProps } from "@xyflow/react";
import { memo } from "react";
import { StatusBadge } from "@/components/ui/status-badge";
import { NODE_HEIGHT, NODE_WIDTH, type ExperimentNode } from "./tree-layout";

function ExperimentNodeCard({ data, selected }: NodeProps<ExperimentNode>) {
  const delta = data.score !== null && data.parentScore !== null ? data.score - data.parentScore : null;
  return (
    <div
      data-testid="tree-node"
      data-node-status={data.status}
      data-ordinal={data.ordinal}
      style={{ width: NODE_WIDTH, height: NODE_HEIGHT }}
      className={`rounded-md border bg-white p-2 text-xs shadow-sm dark:bg-slate-900 ${
        selected ? "border-emerald-500 ring-2 ring-emerald-400" : data.onBestPath ? "border-emerald-500" : "border-slate-300 dark:border-slate-700"
      }`}
    >
      <Handle type="target" position={Position.Top} className="!bg-slate-400" />
      <div className="flex items-center justify-between gap-1">
        <span className="font-mono text-slate-500">#{data.ordinal}</span>
        <span className="truncate text-[10px] uppercase text-slate-500">{data.direction.replaceAll("_", " ")}</span>
        <StatusBadge status={data.status} />
      </div>
      <div className="mt-1 truncate font-medium" title={data.title}>
        {data.title}
      </div>
      <div className="mt-1 flex items-center gap-2">
        {data.score !== null ? (
          <span data-testid="node-score" className="font-mono font-semibold">
            {data.score.toFixed(3)}
          </span>
        ) : (
          <span className="text-slate-400">no score</span>
        )}
        {delta !== null && (
          <span className={`font-mono ${delta >= 0 ? "text-emerald-600" : "text-rose-600"}`}>
            {delta >= 0 ? "+" : ""}
            {delta.toFixed(3)}
          </span>
        )}
        {data.reused && <span className="rounded bg-violet-100 px-1 text-[10px] text-violet-800 dark:bg-violet-900 dark:text-violet-200">reused</span>}
      </div>
      {(data.status === "running" || data.status === "queued") && (
        <div className="mt-1 h-1.5 w-full overflow-hidden rounded bg-slate-200 dark:bg-slate-700" role="progressbar" aria-valuenow={Math.round(data.progress * 100)}>
          <div className="h-full bg-blue-500 transition-all" style={{ width: `${Math.round(data.progress * 100)}%` }} />
        </div>
      )}
      {data.status === "failed" && data.error && (
        <div className="mt-1 truncate text-[10px] text-rose-600" title={data.error}>
          {data.error}
        </div>
      )}
      <Handle type="source" position={Position.Bottom} className="!bg-slate-400" />
    </div>
  );
}

export const ExperimentNodeView = memo(ExperimentNodeCard);
