/**
 * In-process bus between writers (services, orchestrator) and the socket server.
 * On globalThis because Next's bundled route handlers and the custom server load separate module copies.
 */
import { EventEmitter } from "node:events";
import type { ExplorationEvent, NodeProgress } from "../contract/event-types.ts";

interface BusEvents {
  event: [ExplorationEvent];
  progress: [NodeProgress];
  /** something changed that the orchestrator should look at now rather than on its next tick */
  wake: [string];
}

class TypedBus extends EventEmitter<BusEvents> {}

const g = globalThis as unknown as { __trexBus?: TypedBus };

export function getBus(): TypedBus {
  if (!g.__trexBus) {
    g.__trexBus = new TypedBus();
    g.__trexBus.setMaxListeners(1000);
  }
  return g.__trexBus;
}
