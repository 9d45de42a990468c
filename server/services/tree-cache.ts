/**
 * The orchestrator's copy of each exploration's nodes, kept current incrementally: a decision re-reads only the
 * nodes written since the last one (with a margin for transactions that committed late; the ids and write times
 * first, then in full the rows whose write time differs from the copy's) and, every few seconds, checks the copy
 * against the node count and the sum of node versions (every status, result or edit bumps a version); a copy that
 * does not match is read again in full. At 10,000 nodes this is a couple of small queries instead of reading and
 * parsing the whole tree per decision; the copy is a LiveTree, so the selection's subtree statistics are kept current
 * with it instead of being rebuilt per decision. The records are shared: callers must not change them.
 */
import type { Db } from "../db.ts";
import { LiveTree } from "../domain/tree/live-tree.ts";
import {
  listNodes,
  listNodesByIds,
  LATE_COMMIT_MARGIN_MS,
  listNodeStampsSince,
  nodeVersionTotal,
  type NodeRecord,
} from "../repositories/node-repository.ts";

/**
 * How often the copy is checked against the node count and version total (a scan of the exploration's index
 * entries, O(n)): in between, a decision costs the lean read of what was written within the margin, O(changed).
 */
export const VERIFY_EVERY_MS = 5_000;
/** Explorations whose copies are kept (the least recently used goes first). */
const MAX_TREES = 32;

interface CachedTree {
  tree: LiveTree<NodeRecord>;
  versions: number;
  syncedFrom: Date;
  verifiedAt: number;
}

const g = globalThis as unknown as { __trexTreeCache?: Map<string, CachedTree> };
const trees = () => (g.__trexTreeCache ??= new Map());

function remember(explorationId: string, nodes: NodeRecord[], syncedFrom: Date): LiveTree<NodeRecord> {
  const cache = trees();
  const tree = LiveTree.of(nodes);
  cache.delete(explorationId);
  const versions = nodes.reduce((s, n) => s + n.version, 0);
  cache.set(explorationId, { tree, versions, syncedFrom, verifiedAt: syncedFrom.getTime() });
  if (cache.size > MAX_TREES) cache.delete(cache.keys().next().value ?? "");
  return tree;
}

/** Applies the re-read nodes to the copy; false when one cannot be applied in place (read everything again). */
function apply(cached: CachedTree, changed: readonly NodeRecord[]): boolean {
  for (const n of changed) {
    const old = cached.tree.byId.get(n.id);
    if (!cached.tree.upsert(n)) return false;
    cached.versions += n.version - (old?.version ?? 0);
  }
  return true;
}

/**
 * The exploration's tree as it is now, with its statistics (shared: callers must not change it or its records;
 * it changes in place on the next call).
 */
export async function currentTree(
  db: Db,
  explorationId: string,
  now: () => Date = () => new Date(),
): Promise<LiveTree<NodeRecord>> {
  const started = now();
  const cached = trees().get(explorationId);
  if (cached) {
    const since = new Date(cached.syncedFrom.getTime() - LATE_COMMIT_MARGIN_MS);
    const verify = started.getTime() - cached.verifiedAt >= VERIFY_EVERY_MS;
    const [stamps, total] = await Promise.all([
      listNodeStampsSince(db, explorationId, since),
      verify ? nodeVersionTotal(db, explorationId) : null,
    ]);
    // rows written within the margin but already read as they are now are not read (nor parsed) again
    const stale = stamps.filter((s) => cached.tree.byId.get(s.id)?.updatedAt.getTime() !== s.updatedAt.getTime());
    const applied = apply(
      cached,
      await listNodesByIds(
        db,
        stale.map((s) => s.id),
      ),
    );
    const matches = !total || (cached.tree.nodes.length === total.count && cached.versions === total.versions);
    if (applied && matches) {
      cached.syncedFrom = started;
      if (verify) cached.verifiedAt = started.getTime();
      return cached.tree;
    }
  }
  return remember(explorationId, await listNodes(db, explorationId), started);
}

/** The exploration's nodes as they are now, in ordinal order (a new array; the records are shared). */
export async function currentNodes(db: Db, explorationId: string): Promise<NodeRecord[]> {
  return [...(await currentTree(db, explorationId)).nodes];
}

/** Tests: forget every copy. */
export function clearTreeCache(): void {
  trees().clear();
}
