"use client";

import { useReactFlow } from "@xyflow/react";
import { useEffect, useRef } from "react";

/** Re-fits the view when the tree grows, so new nodes stay in sight (until the user zooms by hand). */
export function FitOnGrowth({ count }: { count: number }) {
  const { fitView } = useReactFlow();
  const last = useRef(0);
  useEffect(() => {
    if (count === last.current) return;
    last.current = count;
    const t = setTimeout(() => void fitView({ padding: 0.15, duration: 200, maxZoom: 1 }), 50);
    return () => clearTimeout(t);
  }, [count, fitView]);
  return null;
}
