/** Stores an agent's collected trace (agents/traces.ts) with the node, inside the caller's transaction. */
import type { TraceEntry } from "../agents/traces.ts";
import { insertTraces } from "../repositories/trace-repository.ts";
import type { Tx } from "./transaction.ts";

export async function saveTraces(
  tx: Tx,
  explorationId: string,
  nodeId: string | null,
  entries: readonly TraceEntry[],
): Promise<void> {
  if (entries.length > 0) await insertTraces(tx, explorationId, nodeId, entries);
}
