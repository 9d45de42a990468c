/**
 * The steps of one exploration's loop (absorb → dispatch → expand) and the sweep over every exploration the
 * loop follows. Every step reads its state from the database; the orchestrator only schedules them.
 */
import { LIVE_EXPLORATION_STATUSES } from "../contract/statuses.ts";
import type { Db } from "../db.ts";
import { findExploration, listExplorationIdsWithStatus } from "../repositories/exploration-repository.ts";
import { listActiveJobs } from "../repositories/job-repository.ts";
import { absorbJobs } from "./absorption-service.ts";
import { dispatchApproved } from "./dispatch-service.ts";
import { expandIfRoundDone } from "./expansion-service.ts";
import { cancelOpenWork } from "./exploration-service.ts";

/** The explorations a loop follows: running ones, and paused ones (their jobs still finish). */
export const followedExplorationIds = (db: Db) => listExplorationIdsWithStatus(db, LIVE_EXPLORATION_STATUSES);

/**
 * Jobs of an exploration that ended (a server killed between stopping it and cancelling its work): no loop
 * follows them, so they would hold the runner's slots for ever.
 */
export async function cancelOrphanedJobs(
  db: Db,
  followed: ReadonlySet<string>,
  onError?: (explorationId: string, error: unknown) => void,
): Promise<void> {
  const orphaned = new Set(
    (await listActiveJobs(db)).map((j) => j.node.explorationId).filter((id) => !followed.has(id)),
  );
  for (const id of orphaned)
    await cancelOpenWork(db, id, "the exploration had ended; its job was still open").catch((e: unknown) =>
      onError?.(id, e),
    );
}

/** One step of the loop; true when it changed something. */
export async function stepExploration(db: Db, explorationId: string, now: () => Date): Promise<boolean> {
  const exploration = await findExploration(db, explorationId);
  if (!exploration) return false;
  const finished = await absorbJobs(db, explorationId, now);
  if (exploration.status !== "running") return finished > 0;
  const dispatched = await dispatchApproved(db, exploration);
  const expanded = await expandIfRoundDone(db, exploration, now);
  return finished + dispatched > 0 || expanded;
}
