"use client";

import { useMemo, useState } from "react";
import { TreeCanvas } from "@/components/tree/tree-canvas";
import { bestPathIds, type TreeNodeView } from "@/components/tree/tree-layout";
import { ExplorationHeader } from "./exploration-header";
import { NodeInspector } from "./node-inspector";
import { useLiveExploration } from "./use-live-exploration";

export function ExplorationView({ id }: { id: string }) {
  const { tree, connected, progress, curves } = useLiveExploration(id);
  const [selectedId, setSelectedId] = useState<string | null>(null);

  const views = useMemo<TreeNodeView[]>(() => {
    const nodes = tree.data?.nodes ?? [];
    const scores = new Map(nodes.map((n) => [n.id, n.score]));
    const best = bestPathIds(nodes);
    return nodes.map((n) => ({
      id: n.id,
      parentId: n.parentId,
      ordinal: n.ordinal,
      status: n.status,
      direction: n.direction,
      title: n.plan.title,
      score: n.score,
      parentScore: n.parentId ? (scores.get(n.parentId) ?? null) : null,
      progress: progress[n.id]?.progress ?? n.progress,
      reused: n.reusedFromId !== null,
      error: n.error,
      onBestPath: best.has(n.id),
    }));
  }, [tree.data, progress]);

  if (tree.isPending) return <p className="p-6 text-sm text-slate-500">Loading the exploration…</p>;
  if (tree.isError) return <p className="p-6 text-sm text-rose-600">Could not load this exploration: {tree.error.message}</p>;

  return (
    <div className="flex h-[calc(100vh-3rem)] flex-col">
      {!connected && (
        <div role="status" className="bg-amber-100 px-4 py-1 text-center text-sm text-amber-900 dark:bg-amber-900 dark:text-amber-100">
          Live connection lost — reconnecting; missed updates will be replayed.
        </div>
      )}
      <ExplorationHeader exploration={tree.data.exploration} nodes={tree.data.nodes} />
      <div className="flex min-h-0 flex-1">
        <div className="min-w-0 flex-1">
          <TreeCanvas views={views} selectedId={selectedId} onSelect={setSelectedId} />
        </div>
        {selectedId && (
          <aside className="w-[440px] shrink-0 overflow-y-auto border-l border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
            <NodeInspector nodeId={selectedId} liveCurve={curves[selectedId] ?? []} onClose={() => setSelectedId(null)} />
          </aside>
        )}
      </div>
    </div>
  );
}
