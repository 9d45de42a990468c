"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { useTRPC } from "@/components/providers/trpc-provider";
import { getSocket } from "@/components/realtime/socket-client";
import type { ExplorationEvent, NodeProgress } from "@/server/realtime/event-types";

export interface LiveCurvePoint {
  step: number;
  loss: number | null;
  lr: number;
}

/**
 * The exploration's tree, kept live: persisted events (replayed after a reconnect from the last seq seen)
 * trigger a refetch; transient progress updates the bars and loss curves in place.
 */
export function useLiveExploration(id: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const tree = useQuery(trpc.exploration.tree.queryOptions({ id }));
  const [connected, setConnected] = useState(true);
  const [progress, setProgress] = useState<Record<string, NodeProgress>>({});
  const [curves, setCurves] = useState<Record<string, LiveCurvePoint[]>>({});
  const [events, setEvents] = useState<ExplorationEvent[]>([]);
  const lastSeq = useRef(0);
  const refetchTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => {
    if (tree.data && tree.data.lastSeq > lastSeq.current) lastSeq.current = tree.data.lastSeq;
  }, [tree.data]);

  useEffect(() => {
    const socket = getSocket();
    const join = () => socket.emit("join", { explorationId: id, afterSeq: lastSeq.current });
    const scheduleRefetch = (nodeId: string | null) => {
      if (nodeId) void queryClient.invalidateQueries({ queryKey: trpc.node.detail.queryKey({ id: nodeId }) });
      clearTimeout(refetchTimer.current);
      refetchTimer.current = setTimeout(() => void queryClient.invalidateQueries({ queryKey: trpc.exploration.tree.queryKey({ id }) }), 120);
    };
    const onEvent = (e: ExplorationEvent) => {
      if (e.explorationId !== id || e.seq <= lastSeq.current) return;
      lastSeq.current = e.seq;
      setEvents((prev) => [...prev.slice(-199), e]);
      scheduleRefetch(e.nodeId);
    };
    const onProgress = (p: NodeProgress) => {
      if (p.explorationId !== id) return;
      setProgress((prev) => ({ ...prev, [p.nodeId]: p }));
      setCurves((prev) => ({ ...prev, [p.nodeId]: [...(prev[p.nodeId] ?? []), { step: p.step, loss: p.loss, lr: p.lr }] }));
    };
    const onConnect = () => {
      setConnected(true);
      join();
    };
    const onDisconnect = () => setConnected(false);
    socket.on("event", onEvent);
    socket.on("progress", onProgress);
    socket.on("connect", onConnect);
    socket.on("disconnect", onDisconnect);
    if (socket.connected) join();
    return () => {
      socket.emit("leave", { explorationId: id });
      socket.off("event", onEvent);
      socket.off("progress", onProgress);
      socket.off("connect", onConnect);
      socket.off("disconnect", onDisconnect);
      clearTimeout(refetchTimer.current);
    };
  }, [id, queryClient, trpc]);

  return { tree, connected, progress, curves, events };
}
