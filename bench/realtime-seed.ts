/** Fills an exploration with a synthetic tree straight in the database, under its real root, written an hour ago. */
import type { Db } from "../server/db.ts";
import { syntheticTree } from "../components/tree/synthetic-tree.ts";

export async function seedTree(db: Db, explorationId: string, size: number): Promise<string> {
  const root = await db.node.findFirst({ where: { explorationId, parentId: null } });
  if (!root) throw new Error("no root");
  const tree = syntheticTree(size).slice(1);
  // a tree grown over hours: its nodes were written long before a viewer opens it
  const writtenAt = new Date(Date.now() - 3_600_000);
  const idOf = (synthetic: string) => (synthetic === "n0" ? root.id : `${explorationId}-${synthetic}`);
  for (let i = 0; i < tree.length; i += 500) {
    await db.node.createMany({
      data: tree.slice(i, i + 500).map((n) => ({
        id: idOf(n.id),
        explorationId,
        parentId: n.parentId ? idOf(n.parentId) : root.id,
        ordinal: n.ordinal,
        round: 1,
        direction: n.direction,
        plan: JSON.stringify({ title: n.title, rationale: "synthetic", hypotheses: [] }),
        recipe: root.recipe,
        config: root.config,
        status: n.status === "running" || n.status === "awaiting_review" ? "succeeded" : n.status,
        score: n.score ?? (n.status === "succeeded" ? 0.5 : null),
        fingerprint: n.id,
        createdAt: writtenAt,
        updatedAt: writtenAt,
      })),
    });
  }
  return root.id;
}
