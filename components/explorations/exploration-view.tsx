"use client";

import { isEditableNode } from "@/server/contract/statuses";
import { useQuery } from "@tanstack/react-query";
import { useCallback, useMemo, useState } from "react";
import { AnalysisView } from "@/components/analysis/analysis-view";
import { CompareView } from "@/components/compare/compare-view";
import { toRunRows } from "@/components/runs/run-rows";
import { RunsTable } from "@/components/runs/runs-table";
import { useTRPC } from "@/components/providers/trpc-provider";
import { TreeCanvas } from "@/components/tree/tree-canvas";
import type { FocusRequest } from "@/components/tree/viewport-controller";
import { Button } from "@/components/ui/button";
import { ErrorNote, Spinner } from "@/components/ui/section";
import { ComparisonSummary } from "./comparison-summary";
import { EventTimeline } from "./event-timeline";
import { ExplorationHeader } from "./exploration-header";
import { InsightsPanel, NodeAgentPanel } from "./agent-panels";
import type { EditMode, ReviewCommand } from "./node-actions";
import { NodeInspector } from "./node-inspector";
import { nextPending, toNodeViews } from "./node-views";
import { queueBadge } from "./queue-format";
import { ShortcutHelp } from "./shortcut-help";
import { SidePanel, type PanelTab } from "./side-panel";
import { useLiveExploration } from "./use-live-exploration";
import { useReviewShortcuts } from "./use-review-shortcuts";
import { ViewSwitcher, type MainView } from "./view-switcher";

export function ExplorationView({ id }: { id: string }) {
  const { tree, live, connected, refused, progress, curves, events } = useLiveExploration(id);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [tab, setTab] = useState<PanelTab>("timeline");
  const [mode, setMode] = useState<EditMode>(null);
  const [command, setCommand] = useState<ReviewCommand | null>(null);
  const [focus, setFocus] = useState<FocusRequest | null>(null);
  const [help, setHelp] = useState(false);
  const [view, setView] = useState<MainView>("tree");
  /** a phone: the side panel is a drawer, opened by picking a node or the panel button */
  const [drawer, setDrawer] = useState(false);
  /** the nodes picked for comparison: one set for the table and the canvas */
  const [picked, setPicked] = useState<ReadonlySet<string>>(() => new Set());

  const nodes = useMemo(() => live?.nodes ?? [], [live]);
  // waiting nodes: their place in the runner's queue, refreshed while any wait (and on every event, see use-live-exploration)
  const trpc = useTRPC();
  const waiting = nodes.some((n) => n.status === "approved" || n.status === "queued");
  const queue = useQuery({
    ...trpc.exploration.queue.queryOptions({ id }),
    enabled: waiting,
    refetchInterval: waiting ? 5_000 : false,
  });
  const queueById = useMemo(() => new Map((queue.data?.nodes ?? []).map((q) => [q.nodeId, q])), [queue.data]);
  const badges = useMemo(() => {
    const now = new Date();
    return new Map([...queueById].map(([nodeId, q]) => [nodeId, { badge: queueBadge(q, now), reason: q.reason }]));
  }, [queueById]);
  const views = useMemo(() => toNodeViews(nodes, waiting ? badges : undefined), [nodes, badges, waiting]);
  const ordinals = useMemo(() => new Map(nodes.map((n) => [n.id, n.ordinal])), [nodes]);
  const selected = selectedId ? nodes.find((n) => n.id === selectedId) : undefined;
  const rows = useMemo(() => toRunRows(nodes), [nodes]);
  const parentOf = useMemo(() => new Map(nodes.map((n) => [n.id, n.parentId])), [nodes]);
  const togglePicked = useCallback((nodeId: string) => {
    setPicked((p) => {
      const next = new Set(p);
      if (!next.delete(nodeId)) next.add(nodeId);
      return next;
    });
  }, []);
  // keep the order of the tree (by ordinal) so columns do not jump as nodes are added
  const pickedIds = useMemo(() => nodes.filter((n) => picked.has(n.id)).map((n) => n.id), [nodes, picked]);

  const select = useCallback((nodeId: string | null, centre = false) => {
    setSelectedId(nodeId);
    setMode(null);
    setDrawer(nodeId !== null);
    if (nodeId) setTab("node");
    else setTab((t) => (t === "node" ? "timeline" : t));
    if (nodeId && centre) setFocus((f) => ({ id: nodeId, nonce: (f?.nonce ?? 0) + 1 }));
  }, []);
  const sendCommand = (kind: ReviewCommand["kind"]) => {
    if (selectedId) setCommand((c) => ({ kind, nodeId: selectedId, nonce: (c?.nonce ?? 0) + 1 }));
  };

  useReviewShortcuts({
    approve: () => sendCommand("approve"),
    prune: () => sendCommand("prune"),
    nextPending: () => {
      const next = nextPending(nodes, selected?.ordinal ?? null);
      if (next) select(next, true);
    },
    edit: () => {
      if (selected && isEditableNode(selected.status)) {
        setTab("node");
        setMode("edit");
      }
    },
    escape: () => {
      if (help) setHelp(false);
      else if (mode) setMode(null);
      else select(null);
    },
    help: () => setHelp((h) => !h),
  });

  if (tree.isPending) {
    return (
      <div className="p-6">
        <Spinner label="Loading the exploration…" />
      </div>
    );
  }
  if (tree.isError || !live) {
    return (
      <div className="p-6">
        <ErrorNote>Could not load this exploration: {tree.error?.message ?? "unknown error"}</ErrorNote>
      </div>
    );
  }
  const pending = nodes.filter((n) => n.status === "awaiting_review").length;

  return (
    <div className="flex h-[calc(100dvh-3rem)] min-h-[480px] flex-col">
      {!connected && (
        <div
          role="status"
          data-testid="connection-banner"
          className="flex items-center justify-center gap-2 bg-amber-100 px-4 py-1 text-sm text-amber-900 dark:bg-amber-900 dark:text-amber-100"
        >
          <span className="inline-block h-2 w-2 animate-pulse rounded-full bg-amber-600" />
          {refused ? (
            <span>
              The live connection was refused: your session may have expired.{" "}
              <a className="underline" href={`/sign-in?next=${encodeURIComponent(`/explorations/${id}`)}`}>
                Sign in again
              </a>
            </span>
          ) : (
            "Live connection lost — reconnecting; missed updates will be replayed."
          )}
        </div>
      )}
      <ExplorationHeader data={live} />
      <div className="flex min-h-0 flex-1">
        <div className="flex min-w-0 flex-1 flex-col">
          <ViewSwitcher view={view} onView={setView} picked={picked.size} />
          <div className="relative min-h-0 flex-1">
            {view === "tree" &&
              (nodes.length === 0 ? (
                <div className="p-6">
                  <Spinner label="Waiting for the baseline…" />
                </div>
              ) : (
                <TreeCanvas
                  views={views}
                  selectedId={selectedId}
                  onSelect={select}
                  focus={focus}
                  progress={progress}
                  picked={picked}
                  onTogglePicked={togglePicked}
                />
              ))}
            {view === "runs" && (
              <RunsTable
                rows={rows}
                explorationTitle={live.exploration.title}
                focusedId={selectedId}
                onFocus={(nodeId) => select(nodeId)}
                selected={picked}
                onToggle={togglePicked}
                onSelectMany={(ids) => setPicked(new Set(ids))}
                onCompare={() => setView("compare")}
              />
            )}
            {view === "compare" && (
              <CompareView
                explorationId={id}
                nodeIds={pickedIds}
                onRemove={togglePicked}
                onOpen={(nodeId) => select(nodeId)}
              />
            )}
            {view === "analysis" && <AnalysisView rows={rows} parentOf={parentOf} />}
            {view === "tree" && (
              <div className="pointer-events-none absolute bottom-3 left-14 flex gap-2 text-[11px] text-slate-500">
                {pending > 0 && (
                  <span className="pointer-events-auto rounded bg-amber-100 px-2 py-0.5 text-amber-900 dark:bg-amber-900 dark:text-amber-100">
                    {pending} awaiting review — press <b>n</b>
                  </span>
                )}
                {picked.size > 0 && (
                  <button
                    type="button"
                    className="pointer-events-auto rounded bg-sky-100 px-2 py-0.5 text-sky-900 dark:bg-sky-900 dark:text-sky-100"
                    onClick={() => setView("compare")}
                  >
                    compare {picked.size} picked
                  </button>
                )}
                <Button
                  className="pointer-events-auto"
                  variant="ghost"
                  onClick={() => setHelp(true)}
                  aria-label="Keyboard shortcuts"
                >
                  ? shortcuts
                </Button>
              </div>
            )}
          </div>
        </div>
        {!drawer && (
          <button
            type="button"
            data-testid="open-panel"
            onClick={() => setDrawer(true)}
            className="fixed bottom-3 right-3 z-30 rounded-full bg-emerald-600 px-3 py-2 text-xs font-medium text-white shadow-lg md:hidden"
          >
            Timeline &amp; insights
          </button>
        )}
        <SidePanel
          tab={tab}
          onTab={setTab}
          hasNode={selectedId !== null}
          drawerOpen={drawer}
          onCloseDrawer={() => setDrawer(false)}
          badge={{ timeline: events.length > 0 ? String(events.length) : undefined }}
        >
          {tab === "node" && selectedId && (
            <NodeInspector
              key={selectedId}
              nodeId={selectedId}
              nodes={nodes}
              curves={curves}
              onClose={() => select(null)}
              mode={mode}
              onMode={setMode}
              command={command}
              queued={queueById.get(selectedId)}
              onSelectNode={(nodeId) => select(nodeId, true)}
              agentPanel={<NodeAgentPanel nodeId={selectedId} />}
            />
          )}
          {tab === "timeline" && (
            <div className="p-3">
              <EventTimeline events={events} ordinals={ordinals} onSelectNode={(nodeId) => select(nodeId, true)} />
            </div>
          )}
          {tab === "insights" && (
            <div className="p-3">
              <ComparisonSummary
                spec={live.exploration.spec}
                nodes={nodes}
                onSelectNode={(nodeId) => select(nodeId, true)}
              />
              <InsightsPanel explorationId={id} onSelectNode={(nodeId) => select(nodeId, true)} />
            </div>
          )}
        </SidePanel>
      </div>
      {help && <ShortcutHelp onClose={() => setHelp(false)} />}
    </div>
  );
}
