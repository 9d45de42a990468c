/**
 * The orchestrator's copy of each exploration's nodes, kept current incrementally: a decision re-reads only the
 * nodes written since the last one (with a margin for transactions that committed late) and checks the copy
 * against the node count and the sum of node versions (every status, result or edit bumps a version); a copy that
 * does not match is read again in full. At 10,000 nodes this is a couple of small queries instead of reading and
 * parsing the whole tree per decision. The records are shared: callers must not change them.
 */
import type { Db } from "../db.ts";
import {
  listNodes,
  listNodesUpdatedSince,
  nodeVersionTotal,
  type NodeRecord,
} from "../repositories/node-repository.ts";

/** A write is re-read if it is stamped at most this long before the previous sync began (a long transaction). */
const LATE_COMMIT_MARGIN_MS = 60_000;
/** Explorations whose copies are kept (the least recently used goes first). */
const MAX_TREES = 32;

interface CachedTree {
  nodes: NodeRecord[];
  /** where each node is in `nodes` */
  position: Map<string, number>;
  versions: number;
  syncedFrom: Date;
}

const g = globalThis as unknown as { __trexTreeCache?: Map<string, CachedTree> };
const trees = () => (g.__trexTreeCache ??= new Map());

function remember(explorationId: string, nodes: NodeRecord[], syncedFrom: Date): NodeRecord[] {
  const cache = trees();
  cache.delete(explorationId);
  cache.set(explorationId, {
    nodes,
    position: new Map(nodes.map((n, i) => [n.id, i])),
    versions: nodes.reduce((s, n) => s + n.version, 0),
    syncedFrom,
  });
  if (cache.size > MAX_TREES) cache.delete(cache.keys().next().value ?? "");
  return [...nodes];
}

/** Applies the re-read nodes to the copy; true when it then matches the database's count and version total. */
function apply(cached: CachedTree, changed: readonly NodeRecord[], total: { count: number; versions: number }) {
  let added = false;
  for (const n of changed) {
    const at = cached.position.get(n.id);
    const old = at === undefined ? undefined : cached.nodes[at];
    if (at === undefined || !old) {
      cached.nodes.push(n);
      added = true;
      cached.versions += n.version;
    } else {
      cached.nodes[at] = n;
      cached.versions += n.version - old.version;
    }
  }
  if (added) {
    cached.nodes.sort((a, b) => a.ordinal - b.ordinal);
    cached.position = new Map(cached.nodes.map((n, i) => [n.id, i]));
  }
  return cached.nodes.length === total.count && cached.versions === total.versions;
}

/** The exploration's nodes as they are now, in ordinal order (a new array; the records are shared). */
export async function currentNodes(db: Db, explorationId: string): Promise<NodeRecord[]> {
  const started = new Date();
  const cached = trees().get(explorationId);
  if (cached) {
    const since = new Date(cached.syncedFrom.getTime() - LATE_COMMIT_MARGIN_MS);
    const [changed, total] = await Promise.all([
      listNodesUpdatedSince(db, explorationId, since),
      nodeVersionTotal(db, explorationId),
    ]);
    if (apply(cached, changed, total)) {
      cached.syncedFrom = started;
      return [...cached.nodes];
    }
  }
  return remember(explorationId, await listNodes(db, explorationId), started);
}

/** Tests: forget every copy. */
export function clearTreeCache(): void {
  trees().clear();
}
