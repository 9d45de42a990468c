/** socket.io on the app's HTTP server: rooms per exploration, catch-up replay on join, bus → rooms. */
import type { Server as HttpServer } from "node:http";
import { Server } from "socket.io";
import type { Db } from "../db.ts";
import { listEventsAfter } from "../repositories/event-repository.ts";
import { getBus } from "./event-bus.ts";
import { joinPayloadSchema, roomOf, type ClientToServerEvents, type ExplorationEvent, type NodeProgress, type ServerToClientEvents } from "./event-types.ts";

export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents>;

export function attachRealtime(httpServer: HttpServer, db: Db): { io: RealtimeServer; close: () => Promise<void> } {
  const io: RealtimeServer = new Server(httpServer, { path: "/socket.io", serveClient: false, maxHttpBufferSize: 64 * 1024 });

  io.on("connection", (socket) => {
    socket.on("join", async (raw) => {
      const parsed = joinPayloadSchema.safeParse(raw);
      if (!parsed.success) {
        socket.emit("error", "invalid join payload");
        return;
      }
      const { explorationId, afterSeq } = parsed.data;
      await socket.join(roomOf(explorationId));
      // Replay what the client missed; live events arriving meanwhile may repeat, and clients dedupe by seq.
      const missed = await listEventsAfter(db, explorationId, afterSeq);
      for (const e of missed) socket.emit("event", e);
      socket.emit("joined", { explorationId, replayed: missed.length });
    });
    socket.on("leave", (raw) => {
      if (typeof raw?.explorationId === "string") void socket.leave(roomOf(raw.explorationId));
    });
  });

  const bus = getBus();
  const onEvent = (e: ExplorationEvent) => io.to(roomOf(e.explorationId)).emit("event", e);
  const onProgress = (p: NodeProgress) => io.to(roomOf(p.explorationId)).emit("progress", p);
  bus.on("event", onEvent);
  bus.on("progress", onProgress);

  return {
    io,
    close: async () => {
      bus.off("event", onEvent);
      bus.off("progress", onProgress);
      await io.close();
    },
  };
}
