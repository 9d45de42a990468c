"use client";

import { Panel, useReactFlow, useStore, type ReactFlowState } from "@xyflow/react";
import { memo, useEffect, useMemo, useRef, type PointerEvent } from "react";
import { STATUS_HEX } from "@/components/ui/status-styles";
import { NODE_HEIGHT, NODE_WIDTH, type Position } from "./tree-layout";

const W = 200;
const H = 140;
const PAD = 8;

interface Bounds {
  x0: number;
  y0: number;
  scale: number;
}

function boundsOf(positions: Map<string, Position>): Bounds {
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const p of positions.values()) {
    x0 = Math.min(x0, p.x);
    y0 = Math.min(y0, p.y);
    x1 = Math.max(x1, p.x + NODE_WIDTH);
    y1 = Math.max(y1, p.y + NODE_HEIGHT);
  }
  if (!Number.isFinite(x0)) return { x0: 0, y0: 0, scale: 1 };
  const scale = Math.min((W - 2 * PAD) / Math.max(1, x1 - x0), (H - 2 * PAD) / Math.max(1, y1 - y0));
  // centre the drawing in the box
  const offX = (W - (x1 - x0) * scale) / 2;
  const offY = (H - (y1 - y0) * scale) / 2;
  return { x0: x0 - offX / scale, y0: y0 - offY / scale, scale };
}

const viewportOf = (s: ReactFlowState) => ({
  x: s.transform[0],
  y: s.transform[1],
  zoom: s.transform[2],
  width: s.width,
  height: s.height,
});
const sameViewport = (a: ReturnType<typeof viewportOf>, b: ReturnType<typeof viewportOf>) =>
  a.x === b.x && a.y === b.y && a.zoom === b.zoom && a.width === b.width && a.height === b.height;

/**
 * The whole tree drawn on one <canvas> (React Flow's MiniMap renders a component per node, too slow at 5,000),
 * the viewport as a rectangle; click or drag to move there.
 */
function TreeMinimapView({
  positions,
  statuses,
  dark,
}: {
  positions: Map<string, Position>;
  statuses: Map<string, string>;
  dark: boolean;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const bounds = useMemo(() => boundsOf(positions), [positions]);
  const vp = useStore(viewportOf, sameViewport);
  const { setCenter, getZoom } = useReactFlow();

  useEffect(() => {
    const el = canvas.current;
    const ctx = el?.getContext("2d");
    if (!el || !ctx) return;
    const dpr = window.devicePixelRatio || 1;
    el.width = W * dpr;
    el.height = H * dpr;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.fillStyle = dark ? "#0f172a" : "#ffffff";
    ctx.fillRect(0, 0, W, H);
    const w = Math.max(1, NODE_WIDTH * bounds.scale);
    const h = Math.max(1, NODE_HEIGHT * bounds.scale);
    for (const [id, p] of positions) {
      ctx.fillStyle = STATUS_HEX[statuses.get(id) ?? ""] ?? "#94a3b8";
      ctx.fillRect((p.x - bounds.x0) * bounds.scale, (p.y - bounds.y0) * bounds.scale, w, h);
    }
  }, [positions, statuses, bounds, dark]);

  // the visible part of the flow, in minimap pixels
  const rect = {
    x: (-vp.x / vp.zoom - bounds.x0) * bounds.scale,
    y: (-vp.y / vp.zoom - bounds.y0) * bounds.scale,
    w: (vp.width / vp.zoom) * bounds.scale,
    h: (vp.height / vp.zoom) * bounds.scale,
  };
  const moveTo = (e: PointerEvent<HTMLDivElement>) => {
    const box = e.currentTarget.getBoundingClientRect();
    const fx = (e.clientX - box.left) / bounds.scale + bounds.x0;
    const fy = (e.clientY - box.top) / bounds.scale + bounds.y0;
    void setCenter(fx, fy, { zoom: getZoom() });
  };
  return (
    <Panel position="bottom-right" className="hidden md:block">
      <div
        data-testid="tree-minimap"
        className="relative cursor-pointer overflow-hidden rounded border border-slate-300 shadow-sm dark:border-slate-700"
        style={{ width: W, height: H }}
        onPointerDown={(e) => {
          e.currentTarget.setPointerCapture(e.pointerId);
          moveTo(e);
        }}
        onPointerMove={(e) => {
          if (e.buttons === 1) moveTo(e);
        }}
        role="img"
        aria-label="Minimap of the whole tree; click to move there"
      >
        <canvas ref={canvas} style={{ width: W, height: H }} />
        <svg className="pointer-events-none absolute inset-0" width={W} height={H}>
          <rect
            x={rect.x}
            y={rect.y}
            width={Math.max(2, rect.w)}
            height={Math.max(2, rect.h)}
            className="fill-slate-500/5 stroke-emerald-600"
            strokeWidth={1.5}
          />
        </svg>
      </div>
    </Panel>
  );
}

export const TreeMinimap = memo(TreeMinimapView);
