"use client";

import { isDispatchedNode, isEditableNode } from "@/server/contract/statuses";
import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { useTRPC } from "@/components/providers/trpc-provider";
import { ErrorNote, Spinner } from "@/components/ui/section";
import { StatusBadge } from "@/components/ui/status-badge";
import { DIRECTION_CHIP, directionLabel } from "@/components/ui/status-styles";
import { ArtifactsSection } from "./inspector/artifacts-section";
import { ChartsSection } from "./inspector/charts-section";
import { ConfigSection, RecipeSection } from "./inspector/config-section";
import { LogSection } from "./inspector/log-section";
import { scoresAlongPath } from "./inspector/node-facts";
import { PlanSection } from "./inspector/plan-section";
import { RepairNote } from "./inspector/repair-note";
import { PlaygroundSection } from "./inspector/playground-section";
import { TestScore } from "./inspector/test-score";
import { BadCasesSection, CostSection, MetricsSection } from "./inspector/results-section";
import { NodeActions, type EditMode, type ReviewCommand } from "./node-actions";
import { queueSentence, type QueueEntry } from "./queue-format";
import type { TreeNodeRecord } from "./tree-events";
import { useLiveValue, type LiveStore } from "@/components/tree/live-store";
import type { LiveCurvePoint } from "./use-live-exploration";
import { formatScore, formatScoreDelta } from "@/components/format";

export interface NodeInspectorProps {
  nodeId: string;
  nodes: readonly TreeNodeRecord[];
  /** live loss / learning-rate points by node, from the socket */
  curves: LiveStore<LiveCurvePoint[]>;
  onClose: () => void;
  mode: EditMode;
  onMode: (m: EditMode) => void;
  command: ReviewCommand | null;
  /** agent trace and cited insights, when the agents' components are mounted */
  agentPanel?: ReactNode;
  /** the node's place in its runner's queue while it waits */
  queued?: QueueEntry;
  /** select another node (a repair's link to the node it repairs) */
  onSelectNode?: (id: string) => void;
}

const NO_POINTS: LiveCurvePoint[] = [];

export function NodeInspector({
  nodeId,
  nodes,
  curves,
  onClose,
  mode,
  onMode,
  command,
  agentPanel,
  queued,
  onSelectNode,
}: NodeInspectorProps) {
  const trpc = useTRPC();
  const liveCurve = useLiveValue(curves, nodeId) ?? NO_POINTS;
  const detail = useQuery({
    ...trpc.node.detail.queryOptions({ id: nodeId }),
    // the log streams while the job runs
    refetchInterval: (q) => (isDispatchedNode(q.state.data?.node.status ?? "") ? 2_000 : false),
  });
  if (detail.isPending) {
    return (
      <div className="p-4" data-testid="node-inspector-loading">
        <Spinner label="Loading node…" />
      </div>
    );
  }
  if (detail.isError) {
    return (
      <div className="space-y-2 p-4">
        <ErrorNote>Could not load this node: {detail.error.message}</ErrorNote>
        <button type="button" className="text-xs underline" onClick={onClose}>
          Close
        </button>
      </div>
    );
  }
  const { node, job, logTail, curve, validation, validationLoss } = detail.data;
  // the tree may know a newer status (an event) than the last detail fetch
  const treeNode = nodes.find((n) => n.id === node.id);
  const status = treeNode?.status ?? node.status;
  const parent = node.parentId ? nodes.find((n) => n.id === node.parentId) : undefined;
  const delta = node.score !== null && parent?.score != null ? node.score - parent.score : null;
  const running = isDispatchedNode(status);
  const proposal = isEditableNode(status);
  const changes = (
    <>
      <ConfigSection node={node} parentConfig={parent ? parent.config : null} />
      <RecipeSection node={node} parentOps={parent ? parent.recipe.operators : null} />
    </>
  );

  return (
    <div data-testid="node-inspector" data-node-id={node.id} className="pb-6">
      <div className="flex items-start gap-2 p-4 pb-2">
        <div className="min-w-0 flex-1">
          <div className="flex flex-wrap items-center gap-1.5 text-xs text-slate-500">
            <span className="font-mono font-semibold">#{node.ordinal}</span>
            <span>round {node.round}</span>
            <span
              className={`rounded px-1 text-[10px] font-medium uppercase ${DIRECTION_CHIP[node.direction] ?? DIRECTION_CHIP.baseline}`}
            >
              {directionLabel(node.direction)}
            </span>
            <StatusBadge status={status} />
          </div>
          <h2 className="mt-1 text-sm font-semibold leading-snug">{node.plan.title}</h2>
        </div>
        <button
          onClick={onClose}
          className="rounded p-1 text-slate-400 hover:bg-slate-100 hover:text-slate-700 dark:hover:bg-slate-800 dark:hover:text-slate-200"
          aria-label="Close inspector"
          title="Close (Esc)"
        >
          ✕
        </button>
      </div>
      <div className="mx-4 mb-3 grid grid-cols-3 gap-2 text-center">
        <div className="rounded bg-slate-100 p-1.5 dark:bg-slate-800">
          <div className="text-[10px] uppercase text-slate-500">validation</div>
          <div className="font-mono text-base font-semibold" data-testid="inspector-score">
            {formatScore(node.score)}
          </div>
        </div>
        <div className="rounded bg-slate-100 p-1.5 dark:bg-slate-800">
          <div className="text-[10px] uppercase text-slate-500">vs parent</div>
          <div
            className={`font-mono text-base font-semibold ${delta === null ? "" : delta >= 0 ? "text-emerald-600 dark:text-emerald-400" : "text-rose-600 dark:text-rose-400"}`}
          >
            {formatScoreDelta(delta)}
          </div>
        </div>
        <div className="rounded bg-slate-100 p-1.5 dark:bg-slate-800">
          <div className="text-[10px] uppercase text-slate-500">test</div>
          <TestScore
            explorationId={node.explorationId}
            sealed={detail.data.testScoresSealed}
            testScore={node.testScore}
          />
        </div>
      </div>
      {detail.data.prune && (
        <p
          className="mx-4 mb-2 rounded bg-amber-50 p-2 text-xs text-amber-900 dark:bg-amber-950 dark:text-amber-100"
          data-testid="prune-reason"
        >
          {detail.data.prune.prunedNodeId === node.id ? "Pruned" : `Pruned with #${detail.data.prune.prunedOrdinal}`} by
          a reviewer: “{detail.data.prune.reason}”
          {detail.data.prune.prunedNodeId === node.id && detail.data.prune.undoProblem && (
            <span className="mt-1 block text-amber-800/80 dark:text-amber-200/80">{detail.data.prune.undoProblem}</span>
          )}
        </p>
      )}
      <NodeActions node={{ ...node, status }} prune={detail.data.prune} mode={mode} onMode={onMode} command={command} />
      {queued && (status === "approved" || status === "queued") && (
        <p
          className="mx-4 mb-2 rounded bg-sky-50 p-2 text-xs text-sky-900 dark:bg-sky-950 dark:text-sky-100"
          data-testid="node-queue-detail"
        >
          {queueSentence(queued, new Date())}
        </p>
      )}
      {node.error && (
        <div className="mx-4 mb-2">
          <ErrorNote>{node.error}</ErrorNote>
        </div>
      )}
      <RepairNote node={node} nodes={nodes} onSelectNode={onSelectNode} />
      <PlanSection node={node} />
      {/* a proposal is judged by what it changes; a run by how it trains */}
      {proposal && changes}
      <ChartsSection
        stored={curve}
        live={liveCurve}
        validation={validation}
        validationLoss={validationLoss}
        status={status}
        steps={node.config.steps}
        path={scoresAlongPath(nodes, node.id)}
      />
      <MetricsSection node={node} />
      {!proposal && changes}
      <BadCasesSection node={node} />
      {status === "succeeded" && <PlaygroundSection node={node} />}
      <CostSection detail={detail.data} />
      {job && <ArtifactsSection nodeId={node.id} finished={!running} />}
      <LogSection
        logTail={logTail}
        streaming={running}
        title={`Log${job ? ` · job ${job.id.slice(-6)} (${job.runnerName}, attempt ${job.attempt})` : ""}`}
      />
      {agentPanel}
    </div>
  );
}
