"use client";

import { useReactFlow } from "@xyflow/react";
import { useEffect, useRef } from "react";
import { NODE_HEIGHT, NODE_WIDTH, type Position } from "./tree-layout";

export interface FocusRequest {
  id: string;
  /** bumps on every request, so asking twice for the same node centres twice */
  nonce: number;
}

/**
 * Moves the viewport: centres on a requested node, follows the newest node when asked to, and otherwise
 * keeps the tree in view as it grows until the user pans or zooms by hand.
 */
export function ViewportController({
  positions,
  focus,
  follow,
  latestId,
  autoFit,
}: {
  positions: Map<string, Position>;
  focus: FocusRequest | null;
  follow: boolean;
  latestId: string | null;
  /** refit as the tree grows (small trees, until the user pans or zooms by hand) */
  autoFit: boolean;
}) {
  const { setCenter, getZoom, fitView } = useReactFlow();
  const positionsRef = useRef(positions);
  positionsRef.current = positions;

  const centre = (id: string, duration: number) => {
    const p = positionsRef.current.get(id);
    if (!p) return;
    void setCenter(p.x + NODE_WIDTH / 2, p.y + NODE_HEIGHT / 2, { zoom: Math.max(getZoom(), 0.75), duration });
  };
  const centreRef = useRef(centre);
  centreRef.current = centre;

  useEffect(() => {
    if (!focus) return;
    // wait a frame: the node may have just been revealed (uncollapsed) and laid out
    const t = setTimeout(() => centreRef.current(focus.id, 250), 30);
    return () => clearTimeout(t);
  }, [focus]);

  useEffect(() => {
    if (!follow || !latestId) return;
    const t = setTimeout(() => centreRef.current(latestId, 300), 30);
    return () => clearTimeout(t);
  }, [follow, latestId]);

  const count = positions.size;
  const lastCount = useRef(0);
  useEffect(() => {
    if (follow || !autoFit || count === lastCount.current) return;
    lastCount.current = count;
    const t = setTimeout(() => void fitView({ padding: 0.15, duration: 200, maxZoom: 1 }), 50);
    return () => clearTimeout(t);
  }, [count, follow, autoFit, fitView]);

  return null;
}
