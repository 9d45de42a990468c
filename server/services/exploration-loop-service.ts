/**
 * The steps of one exploration's loop (absorb → dispatch; expansion is services/expansion-service.ts, planned
 * alongside) and the sweep over every exploration the loop follows. Every step reads its state from the database;
 * the orchestrator only schedules them.
 */
import { LIVE_EXPLORATION_STATUSES } from "../contract/statuses.ts";
import type { Db } from "../db.ts";
import {
  findExploration,
  listExplorationIdsWithStatus,
  type ExplorationRecord,
} from "../repositories/exploration-repository.ts";
import { listActiveJobs } from "../repositories/job-repository.ts";
import { absorbJobs } from "./absorption-service.ts";
import { dispatchApproved } from "./dispatch-service.ts";
import { repairFailedNodes } from "./repair-service.ts";
import { dryRunPendingPlans } from "./dry-run-service.ts";
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

/**
 * Absorbs finished jobs and hands approved nodes to free slots. `changed`: whether it did anything; `running`:
 * the exploration as it stands when it is running (the loop may then plan its next expansion).
 */
export async function stepExploration(
  db: Db,
  explorationId: string,
  now: () => Date,
): Promise<{ changed: boolean; running: ExplorationRecord | null }> {
  const exploration = await findExploration(db, explorationId);
  if (!exploration) return { changed: false, running: null };
  const finished = await absorbJobs(db, explorationId, now);
  if (exploration.status !== "running") return { changed: finished > 0, running: null };
  // a freed slot first takes a node that is ready (a dry-run of new recipes takes seconds: it must not wait for it)
  const ready = await dispatchApproved(db, exploration);
  // agents: the Executor dry-runs new recipes before dispatch (refusing empty or leaking ones; a node is not
  // dispatched before its dry-run), then proposes a repaired sibling for each failed run it can fix
  const refused = await dryRunPendingPlans(db, exploration);
  const repaired = await repairFailedNodes(db, exploration, now);
  const dispatched = ready + (refused || repaired ? await dispatchApproved(db, exploration) : 0);
  return { changed: finished + dispatched > 0 || refused || repaired, running: exploration };
}
