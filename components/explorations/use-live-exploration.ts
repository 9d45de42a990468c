"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useRef, useState } from "react";
import { useTRPC } from "@/components/providers/trpc-provider";
import { getSocket } from "@/components/realtime/socket-client";
import { LiveStore, type LiveProgress } from "@/components/tree/live-store";
import type { ExplorationEvent, NodeProgress } from "@/server/contract/event-types";
import { foldEvents, mergeEvents, mergeTreeChanges } from "./tree-events";

export interface LiveCurvePoint {
  step: number;
  loss: number | null;
  lr: number;
}

/** How many past events the timeline starts with (replayed by the socket on join). */
const HISTORY = 200;
const FLUSH_MS = 16;
const REFETCH_MS = 400;
const MAX_CURVE_POINTS = 5_000;

/**
 * The exploration's tree, kept live. Events fold into the last fetched tree at once (the canvas updates
 * within a frame), then a throttled refetch brings full records. After a lost connection the socket
 * re-joins from the last seq seen and the server replays what was missed; no reload.
 * Progress is transient: it goes to per-node stores, so a tick re-renders one card and the open charts only.
 */
export function useLiveExploration(id: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const tree = useQuery(trpc.exploration.tree.queryOptions({ id }));
  const [connected, setConnected] = useState(true);
  /** the server refused the connection (a signed-out or expired session): reconnecting will not help */
  const [refused, setRefused] = useState(false);
  const [events, setEvents] = useState<ExplorationEvent[]>([]);
  const [progress] = useState(() => new LiveStore<LiveProgress>());
  const [curves] = useState(() => new LiveStore<LiveCurvePoint[]>());
  const serverSeq = useRef(0);
  const loaded = tree.data !== undefined;
  if (tree.data) serverSeq.current = tree.data.lastSeq;

  useEffect(() => {
    if (!loaded) return;
    const socket = getSocket();
    let maxSeq = 0;
    let pendingEvents: ExplorationEvent[] = [];
    let flushTimer: ReturnType<typeof setTimeout> | undefined;
    let refetchTimer: ReturnType<typeof setTimeout> | undefined;
    const touched = new Set<string>();

    const treeKey = trpc.exploration.tree.queryKey({ id });
    // the nodes written since the last read, merged in (O(changed), so many viewers of a big tree stay cheap);
    // the whole tree again when they do not fit it
    const refreshTree = async () => {
      const read = queryClient.getQueryData(treeKey);
      const changes = read
        ? await queryClient
            .fetchQuery({ ...trpc.exploration.treeChanges.queryOptions({ id, since: read.asOf }), staleTime: 0 })
            .catch(() => null)
        : null;
      const current = queryClient.getQueryData(treeKey);
      if (current !== read) return; // read again meanwhile: that copy is newer
      const merged = read && changes ? mergeTreeChanges(read, changes) : null;
      if (merged) queryClient.setQueryData(treeKey, merged);
      else void queryClient.invalidateQueries({ queryKey: treeKey });
    };
    const refetch = () => {
      refetchTimer = undefined;
      void refreshTree();
      void queryClient.invalidateQueries({ queryKey: trpc.exploration.queue.queryKey({ id }) });
      for (const nodeId of touched)
        void queryClient.invalidateQueries({ queryKey: trpc.node.detail.queryKey({ id: nodeId }) });
      touched.clear();
    };
    const flush = () => {
      flushTimer = undefined;
      if (pendingEvents.length > 0) {
        const batch = pendingEvents;
        pendingEvents = [];
        setEvents((prev) => mergeEvents(prev, batch));
        if (batch.some((e) => e.seq > serverSeq.current)) refetchTimer ??= setTimeout(refetch, REFETCH_MS);
        // test scores open at the end or on a reveal: every open node refetches
        if (batch.some((e) => e.type === "exploration.test_revealed" || e.type === "exploration.status"))
          void queryClient.invalidateQueries({ queryKey: trpc.node.detail.pathKey() });
      }
    };
    const schedule = () => {
      flushTimer ??= setTimeout(flush, FLUSH_MS);
    };

    const join = () => {
      // first join: the recent past for the timeline; a re-join: everything after the last event seen
      const afterSeq = maxSeq > 0 ? maxSeq : Math.max(0, serverSeq.current - HISTORY);
      socket.emit("join", { explorationId: id, afterSeq });
    };
    const onEvent = (e: ExplorationEvent) => {
      if (e.explorationId !== id) return;
      maxSeq = Math.max(maxSeq, e.seq);
      if (e.nodeId) touched.add(e.nodeId);
      pendingEvents.push(e);
      schedule();
    };
    const onProgress = (p: NodeProgress) => {
      if (p.explorationId !== id) return;
      progress.set(p.nodeId, { fraction: p.progress, phase: p.phase ?? null });
      if (p.phase) return; // a preparation's steps are not training steps
      curves.update(p.nodeId, (prev = []) =>
        [...prev, { step: p.step, loss: p.loss, lr: p.lr }].slice(-MAX_CURVE_POINTS),
      );
    };
    const onConnect = () => {
      setConnected(true);
      setRefused(false);
      join();
    };
    const onDisconnect = () => setConnected(false);
    const onConnectError = (err: Error) => {
      setConnected(false);
      setRefused(err.message === "unauthorized");
    };

    socket.on("event", onEvent);
    socket.on("progress", onProgress);
    socket.on("connect", onConnect);
    socket.on("disconnect", onDisconnect);
    socket.on("connect_error", onConnectError);
    if (socket.connected) join();
    // a first connection takes a moment: only a connection still missing after a while is worth a banner
    const slowStart = setTimeout(() => {
      if (!socket.connected) setConnected(false);
    }, 1_500);
    return () => {
      clearTimeout(slowStart);
      socket.emit("leave", { explorationId: id });
      socket.off("event", onEvent);
      socket.off("progress", onProgress);
      socket.off("connect", onConnect);
      socket.off("disconnect", onDisconnect);
      socket.off("connect_error", onConnectError);
      clearTimeout(flushTimer);
      clearTimeout(refetchTimer);
    };
  }, [id, loaded, queryClient, trpc, progress, curves]);

  const live = useMemo(() => (tree.data ? foldEvents(tree.data, events) : undefined), [tree.data, events]);
  return { tree, live, connected, refused, progress, curves, events };
}
