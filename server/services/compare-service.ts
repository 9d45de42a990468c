/** Two or more nodes of one exploration side by side: their records and curves, read as the inspector reads one. */
import type { Db } from "../db.ts";
import { NotFoundError } from "../domain/errors.ts";
import { getNodeDetail } from "./node-service.ts";

export async function compareNodes(db: Db, explorationId: string, nodeIds: readonly string[]) {
  const out = [];
  for (const id of new Set(nodeIds)) {
    const detail = await getNodeDetail(db, id);
    // a node of another exploration is as unknown here as a missing one
    if (detail.node.explorationId !== explorationId)
      throw new NotFoundError(`node ${id} not found in this exploration`);
    out.push({ node: detail.node, curve: detail.curve, validation: detail.validation });
  }
  return out;
}
