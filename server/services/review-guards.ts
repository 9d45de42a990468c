/** What every review action checks first: the node exists, the reviewer saw its latest version; then it wakes the loop. */
import type { Db } from "../db.ts";
import { getBus } from "./event-bus.ts";
import { findNode, type NodeRecord } from "../repositories/node-repository.ts";
import { ConflictError, NotFoundError } from "../domain/errors.ts";

export async function mustFindNode(db: Db, id: string): Promise<NodeRecord> {
  const node = await findNode(db, id);
  if (!node) throw new NotFoundError(`node ${id} not found`);
  return node;
}

/** The client says which version it saw; if someone acted first, this reviewer is told instead of overwriting. */
export function checkVersion(node: NodeRecord, expectedVersion: number | undefined): void {
  if (expectedVersion !== undefined && node.version !== expectedVersion) {
    throw new ConflictError(
      `someone else changed node #${node.ordinal} first (it is now ${node.status.replace("_", " ")}); your view was refreshed`,
    );
  }
}

export function wake(explorationId: string): void {
  getBus().emit("wake", explorationId);
}
