/** socket.io on the app's HTTP server: rooms per exploration, catch-up replay on join, bus → rooms. */
import type { Server as HttpServer } from "node:http";
import { Server, type ServerOptions } from "socket.io";
import type { Db } from "../db.ts";
import { env } from "../env.ts";
import { hasBearerToken, isSameOriginRequest } from "../security/csrf.ts";
import { principalFromHeaders, principalFromToken, roleInWorkspace, type Principal } from "../auth/principal.ts";
import { eventsAfter } from "../services/exploration-service.ts";
import { workspaceOfResource } from "../services/workspace-service.ts";
import { getBus } from "../services/event-bus.ts";
import {
  joinPayloadSchema,
  roomOf,
  type ClientToServerEvents,
  type ExplorationEvent,
  type NodeProgress,
  type ServerToClientEvents,
} from "../contract/event-types.ts";

interface SocketData {
  principal: Principal;
}

/** between app instances (server/realtime/postgres-fanout.ts) */
export interface InterServerEvents {
  /** the orchestrator should look at this exploration now; it may lead on another instance */
  wake: (explorationId: string) => void;
}

export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

function headersOf(raw: Record<string, string | string[] | undefined>): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) if (typeof value === "string") headers.set(name, value);
  return headers;
}

/** The session cookie sent with the handshake, or an API token in `auth.token` (CLI, scripts). */
async function authenticate(
  db: Db,
  handshake: { headers: Record<string, string | string[] | undefined>; auth: Record<string, unknown> },
): Promise<Principal | null> {
  if (typeof handshake.auth.token === "string") return principalFromToken(db, handshake.auth.token);
  const headers = new Headers();
  for (const name of ["cookie", "authorization"]) {
    const value = handshake.headers[name];
    if (typeof value === "string") headers.set(name, value);
  }
  return principalFromHeaders(db, headers);
}

async function mayRead(db: Db, principal: Principal, explorationId: string): Promise<boolean> {
  const workspaceId = await workspaceOfResource.exploration(db, explorationId);
  return workspaceId !== null && (await roleInWorkspace(db, principal, workspaceId)) !== null;
}

/** `adapter`: the fan-out to other app instances (PostgreSQL); without it rooms are this instance's own */
export function attachRealtime(
  httpServer: HttpServer,
  db: Db,
  adapter?: ServerOptions["adapter"],
): { io: RealtimeServer; close: () => Promise<void> } {
  const io: RealtimeServer = new Server(httpServer, {
    path: "/socket.io",
    serveClient: false,
    maxHttpBufferSize: 64 * 1024,
    ...(adapter ? { adapter } : {}),
  });

  io.use((socket, next) => {
    // a cookie rides along with any page's WebSocket: like the CSRF check, only this site's pages may use it
    const headers = headersOf(socket.handshake.headers);
    if (
      typeof socket.handshake.auth.token !== "string" &&
      !hasBearerToken(headers) &&
      !isSameOriginRequest(headers, env.TREX_PUBLIC_URL)
    ) {
      return next(new Error("cross-site connection refused"));
    }
    authenticate(db, socket.handshake)
      .then((principal) => {
        if (!principal) return next(new Error("unauthorized"));
        socket.data.principal = principal;
        next();
      })
      .catch(() => next(new Error("unauthorized")));
  });

  io.on("connection", (socket) => {
    socket.on("join", async (raw) => {
      const parsed = joinPayloadSchema.safeParse(raw);
      if (!parsed.success) {
        socket.emit("error", "invalid join payload");
        return;
      }
      const { explorationId, afterSeq } = parsed.data;
      // the same answer for "no such exploration" and "not yours": no hint that it exists
      if (!(await mayRead(db, socket.data.principal, explorationId))) {
        socket.emit("error", "exploration not found");
        return;
      }
      await socket.join(roomOf(explorationId));
      // Replay what the client missed; live events arriving meanwhile may repeat, and clients dedupe by seq.
      const missed = await eventsAfter(db, explorationId, afterSeq);
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
