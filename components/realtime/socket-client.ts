"use client";

import { io, type Socket } from "socket.io-client";
import type { ClientToServerEvents, ServerToClientEvents } from "@/server/realtime/event-types";

export type TrexSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

let socket: TrexSocket | undefined;

export function getSocket(): TrexSocket {
  socket ??= io({ path: "/socket.io", transports: ["websocket"], reconnectionDelayMax: 2_000 });
  return socket;
}
