"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { LiveStore, type LiveProgress } from "./live-store";
import { syntheticTree } from "./synthetic-tree";
import { TreeCanvas } from "./tree-canvas";
import { layoutTree } from "./tree-layout";
import type { TreeNodeView } from "./tree-visibility";

export interface CanvasBenchResult {
  n: number;
  layoutMs: number;
  firstRenderMs: number;
  sinceNavigationMs: number;
  renderedNodes: number;
  /** one node's live progress changes (the store path): time until the browser has painted it */
  tickMs: number[];
  /** one node's status changes (a new views array, as an event makes): time until painted */
  eventMs: number[];
}

declare global {
  interface Window {
    __canvasBench?: CanvasBenchResult;
    __canvasBenchTick?: () => Promise<number>;
    __canvasBenchEvent?: () => Promise<number>;
  }
}

const noop = () => undefined;
const frame = () =>
  new Promise<number>((resolve) =>
    requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now()))),
  );

/** Renders a synthetic tree of n nodes and reports layout and first-render timings on window.__canvasBench. */
export function CanvasBench({ n }: { n: number }) {
  const [views, setViews] = useState<TreeNodeView[] | null>(null);
  const [progress] = useState(() => new LiveStore<LiveProgress>());
  const start = useRef(0);
  const layoutMs = useRef(0);

  useEffect(() => {
    const tree = syntheticTree(n);
    const t0 = performance.now();
    layoutTree(tree);
    layoutMs.current = performance.now() - t0;
    performance.mark("canvas-start");
    start.current = performance.now();
    setViews(tree);
  }, [n]);

  const onFirstRender = useCallback(() => {
    const now = performance.now();
    performance.mark("canvas-painted");
    window.__canvasBench = {
      n,
      layoutMs: layoutMs.current,
      firstRenderMs: now - start.current,
      sinceNavigationMs: now,
      renderedNodes: document.querySelectorAll(".react-flow__node").length,
      tickMs: [],
      eventMs: [],
    };
  }, [n]);

  const viewsRef = useRef(views);
  viewsRef.current = views;
  useEffect(() => {
    window.__canvasBenchTick = async () => {
      const running = viewsRef.current?.find((v) => v.status === "running");
      const t0 = performance.now();
      if (running)
        progress.set(running.id, { fraction: ((progress.get(running.id)?.fraction ?? 0) + 0.01) % 1, phase: null });
      const ms = (await frame()) - t0;
      window.__canvasBench?.tickMs.push(ms);
      return ms;
    };
    window.__canvasBenchEvent = async () => {
      const t0 = performance.now();
      setViews((prev) => {
        if (!prev) return prev;
        const i = prev.findIndex((v) => v.status === "awaiting_review" || v.status === "approved");
        const v = prev[i];
        if (!v) return prev;
        const next = prev.slice();
        next[i] = { ...v, status: v.status === "approved" ? "awaiting_review" : "approved" };
        return next;
      });
      const ms = (await frame()) - t0;
      window.__canvasBench?.eventMs.push(ms);
      return ms;
    };
  }, [progress]);

  if (!views) return <p className="p-4 text-sm text-slate-500">Generating {n} nodes…</p>;
  return (
    <div className="h-[calc(100vh-3rem)]" data-testid="canvas-bench">
      <TreeCanvas views={views} selectedId={null} onSelect={noop} onFirstRender={onFirstRender} progress={progress} />
    </div>
  );
}
