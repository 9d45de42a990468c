/** The names behind the ids an audit log holds: who acted, and on what. Deleted things are simply absent. */
import type { Db } from "../db.ts";

export async function findAuditNames(
  db: Db,
  ids: {
    users: string[];
    tokens: string[];
    explorations: string[];
    nodes: string[];
    datasets: string[];
    workspaces: string[];
  },
) {
  const [users, tokens, explorations, nodes, datasets, workspaces] = await Promise.all([
    db.user.findMany({ where: { id: { in: ids.users } }, select: { id: true, email: true } }),
    db.apiToken.findMany({ where: { id: { in: ids.tokens } }, select: { id: true, name: true, prefix: true } }),
    db.exploration.findMany({ where: { id: { in: ids.explorations } }, select: { id: true, title: true } }),
    db.node.findMany({
      where: { id: { in: ids.nodes } },
      select: { id: true, ordinal: true, explorationId: true, exploration: { select: { title: true } } },
    }),
    db.dataset.findMany({ where: { id: { in: ids.datasets } }, select: { id: true, name: true } }),
    db.workspace.findMany({ where: { id: { in: ids.workspaces } }, select: { id: true, name: true } }),
  ]);
  return { users, tokens, explorations, nodes, datasets, workspaces };
}
