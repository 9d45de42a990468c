"use client";

import { io, type Socket } from "socket.io-client";
import type { ClientToServerEvents, ServerToClientEvents } from "@/server/contract/event-types";

export type TrexSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

let socket: TrexSocket | undefined;

export function getSocket(): TrexSocket {
  if (!socket) {
    socket = io({ path: "/socket.io", transports: ["websocket"], reconnectionDelay: 500, reconnectionDelayMax: 2_000 });
    // a handle for browser tests (drop the connection, watch the catch-up) and for debugging in devtools
    (window as unknown as { __trexSocket?: TrexSocket }).__trexSocket = socket;
  }
  return socket;
}
