"use client";

import { Background, Controls, ReactFlow, ReactFlowProvider, useReactFlow, type NodeTypes } from "@xyflow/react";
import { memo, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useDarkMode } from "@/components/ui/use-dark-mode";
import { CanvasActionsContext } from "./canvas-actions";
import { CanvasToolbar } from "./canvas-toolbar";
import { ExperimentNodeView } from "./experiment-node";
import { ProgressContext, type LiveProgress, type LiveStore } from "./live-store";
import { buildFlow, EMPTY_FLOW, type ExperimentNode, type FlowElements } from "./tree-flow";
import { layoutKey, layoutTree, type Orientation } from "./tree-layout";
import { TreeMinimap } from "./tree-minimap";
import {
  ancestorsOf,
  childrenIndex,
  NO_FILTER,
  searchTree,
  visibleTree,
  type CanvasFilter,
  type TreeNodeView,
} from "./tree-visibility";
import { useKeyedMemo } from "./use-keyed-memo";
import { ViewportController, type FocusRequest } from "./viewport-controller";

// module scope: a new object per render would remount every node
const nodeTypes: NodeTypes = { experiment: ExperimentNodeView };
/** Above this many nodes a whole-tree fit shows thousands of unreadable cards: start at the root instead. */
export const FIT_ALL_LIMIT = 200;

export interface TreeCanvasProps {
  views: TreeNodeView[];
  selectedId: string | null;
  onSelect: (id: string) => void;
  /** centre on a node (revealing it first if it lies in a collapsed subtree) */
  focus?: FocusRequest | null;
  /** live training progress by node id (cards subscribe to their own entry) */
  progress?: LiveStore<LiveProgress> | null;
  /** the nodes picked for comparison (shared with the runs table); Shift/⌘/Ctrl-click toggles one */
  picked?: ReadonlySet<string>;
  onTogglePicked?: (id: string) => void;
  /** called once the first nodes are on screen (benchmarks) */
  onFirstRender?: () => void;
}

const NONE: ReadonlySet<string> = new Set();

function CanvasInner({
  views,
  selectedId,
  onSelect,
  focus: outerFocus = null,
  progress = null,
  picked = NONE,
  onTogglePicked,
  onFirstRender,
}: TreeCanvasProps) {
  const { fitView } = useReactFlow();
  const dark = useDarkMode();
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(() => new Set());
  const [filter, setFilter] = useState<CanvasFilter>(NO_FILTER);
  const [query, setQuery] = useState("");
  const [matchIndex, setMatchIndex] = useState(0);
  const [follow, setFollow] = useState(false);
  const [userMoved, setUserMoved] = useState(false);
  const [focus, setFocus] = useState<FocusRequest | null>(null);
  const [orientation, setOrientation] = useState<Orientation>("vertical");

  const matchIds = useMemo(() => searchTree(views, query), [views, query]);
  const matches = useMemo(() => new Set(matchIds), [matchIds]);
  const visible = useMemo(
    () => visibleTree(views, { collapsed, filter, matches }),
    [views, collapsed, filter, matches],
  );
  const layout = useKeyedMemo(layoutKey(visible, orientation), () => layoutTree(visible, orientation));
  const prev = useRef<FlowElements>(EMPTY_FLOW);
  const flow = useMemo(
    () => buildFlow(visible, layout, selectedId, prev.current, picked),
    [visible, layout, selectedId, picked],
  );
  useEffect(() => {
    prev.current = flow;
  }, [flow]);

  const statuses = useMemo(() => new Map(visible.map((v) => [v.id, v.status])), [visible]);
  const latestId = useMemo(
    () =>
      visible.reduce<(typeof visible)[number] | undefined>((b, v) => (!b || v.ordinal > b.ordinal ? v : b), undefined)
        ?.id ?? null,
    [visible],
  );
  const rootId = visible.find((v) => v.parentId === null)?.id ?? null;
  const big = flow.nodes.length > FIT_ALL_LIMIT;
  const fitNodes = useMemo(() => (big && rootId ? [{ id: rootId }] : undefined), [big, rootId]);

  const reveal = useCallback(
    (id: string) => {
      const hiddenBy = ancestorsOf(views, id);
      setCollapsed((c) => (hiddenBy.some((a) => c.has(a)) ? new Set([...c].filter((x) => !hiddenBy.includes(x))) : c));
      setFocus((f) => ({ id, nonce: (f?.nonce ?? 0) + 1 }));
    },
    [views],
  );
  const revealRef = useRef(reveal);
  revealRef.current = reveal;
  useEffect(() => {
    // only a new request (its nonce) moves the view, not a new tree
    if (outerFocus) revealRef.current(outerFocus.id);
  }, [outerFocus]);

  const stepMatch = (step: 1 | -1) => {
    if (matchIds.length === 0) return;
    const next = (matchIndex + step + matchIds.length) % matchIds.length;
    setMatchIndex(next);
    const id = matchIds[next];
    if (id) reveal(id);
  };
  const onQuery = (q: string) => {
    setQuery(q);
    setMatchIndex(0);
    const first = searchTree(views, q)[0];
    if (first) reveal(first);
  };
  const onSelectRef = useRef(onSelect);
  onSelectRef.current = onSelect;
  const actions = useMemo(
    () => ({
      toggleCollapse: (id: string) =>
        setCollapsed((c) => {
          const next = new Set(c);
          if (!next.delete(id)) next.add(id);
          return next;
        }),
      showNode: (id: string) => {
        onSelectRef.current(id);
        revealRef.current(id);
      },
    }),
    [],
  );
  const collapseAll = () => {
    const children = childrenIndex(views);
    const root = views.find((v) => v.parentId === null);
    setCollapsed(
      new Set((root ? (children.get(root.id) ?? []) : []).filter((id) => (children.get(id)?.length ?? 0) > 0)),
    );
  };
  const fit = () => {
    setUserMoved(false);
    void fitView({ padding: 0.15, duration: 200, maxZoom: big ? 0.8 : 1, nodes: fitNodes });
  };

  const firstRenderDone = useRef(false);
  useEffect(() => {
    if (firstRenderDone.current || flow.nodes.length === 0 || !onFirstRender) return;
    firstRenderDone.current = true;
    // two frames: React has committed and the browser has painted the nodes
    requestAnimationFrame(() => requestAnimationFrame(() => onFirstRender()));
  }, [flow.nodes.length, onFirstRender]);

  return (
    <div className="flex h-full w-full flex-col" data-testid="tree-canvas">
      <CanvasToolbar
        query={query}
        onQuery={onQuery}
        matchCount={matchIds.length}
        matchIndex={matchIndex}
        onNextMatch={stepMatch}
        filter={filter}
        onFilter={setFilter}
        follow={follow}
        onFollow={setFollow}
        onFit={fit}
        onCollapseAll={collapseAll}
        onExpandAll={() => setCollapsed(new Set())}
        orientation={orientation}
        onOrientation={setOrientation}
        shown={flow.nodes.length}
        total={views.length}
      />
      <div className="min-h-0 flex-1">
        <ProgressContext.Provider value={progress}>
          <CanvasActionsContext.Provider value={actions}>
            <ReactFlow<ExperimentNode>
              nodes={flow.nodes}
              edges={flow.edges}
              nodeTypes={nodeTypes}
              onNodeClick={(e, n) =>
                onTogglePicked && (e.shiftKey || e.metaKey || e.ctrlKey) ? onTogglePicked(n.id) : onSelect(n.id)
              }
              onMoveStart={(event) => {
                if (event) setUserMoved(true);
              }}
              nodesDraggable={false}
              nodesConnectable={false}
              elementsSelectable={false}
              onlyRenderVisibleElements
              fitView
              fitViewOptions={{ maxZoom: big ? 0.8 : 1, padding: 0.15, nodes: fitNodes }}
              minZoom={0.03}
              maxZoom={2}
              proOptions={{ hideAttribution: true }}
              colorMode={dark ? "dark" : "light"}
            >
              <ViewportController
                positions={layout.positions}
                focus={focus}
                follow={follow}
                latestId={latestId}
                autoFit={!big && !userMoved}
              />
              <Background gap={24} className="!bg-slate-50 dark:!bg-slate-950" />
              <TreeMinimap positions={layout.positions} statuses={statuses} dark={dark} />
              <Controls showInteractive={false} />
            </ReactFlow>
          </CanvasActionsContext.Provider>
        </ProgressContext.Provider>
      </div>
    </div>
  );
}

function TreeCanvasWithProvider(props: TreeCanvasProps) {
  return (
    <ReactFlowProvider>
      <CanvasInner {...props} />
    </ReactFlowProvider>
  );
}

/** Memoised: a parent re-render (a chart point, a timeline line) does not touch the canvas. */
export const TreeCanvas = memo(TreeCanvasWithProvider);
