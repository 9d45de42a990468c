/**
 * One loop per exploration: absorb → dispatch → expand. Every step reads its state from the database,
 * so the loop can stop at any point and a restarted server carries on where it was.
 */
import type { Db } from "../db.ts";
import { getBus } from "../realtime/event-bus.ts";
import { findExploration, listExplorationIdsWithStatus } from "../repositories/exploration-repository.ts";
import { listActiveJobs } from "../repositories/job-repository.ts";
import { cancelOpenWork } from "../services/exploration-service.ts";
import { absorbJobs } from "./absorb-jobs.ts";
import { dispatchApproved } from "./dispatch-nodes.ts";
import { expandIfRoundDone } from "./expand-tree.ts";

export interface OrchestratorOptions {
  tickMs: number;
  now?: () => Date;
  onError?: (explorationId: string, error: unknown) => void;
}

export class Orchestrator {
  private timer: NodeJS.Timeout | undefined;
  private readonly chains = new Map<string, Promise<void>>();
  private readonly now: () => Date;
  private readonly wake = (id: string) => void this.tick(id);

  constructor(
    private readonly db: Db,
    private readonly opts: OrchestratorOptions,
  ) {
    this.now = opts.now ?? (() => new Date());
  }

  start(): void {
    if (this.timer) return;
    getBus().on("wake", this.wake);
    this.timer = setInterval(() => void this.tickAll(), this.opts.tickMs);
    void this.tickAll();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    getBus().off("wake", this.wake);
    await Promise.allSettled([...this.chains.values()]);
  }

  async tickAll(): Promise<void> {
    const ids = await listExplorationIdsWithStatus(this.db, ["running", "paused"]);
    await Promise.all([...ids.map((id) => this.tick(id)), this.cancelOrphanedJobs(new Set(ids))]);
  }

  /**
   * Jobs of an exploration that ended (a server killed between stopping it and cancelling its work): no loop
   * follows them, so they would hold the runner's slots for ever.
   */
  private async cancelOrphanedJobs(followed: ReadonlySet<string>): Promise<void> {
    const orphaned = new Set(
      (await listActiveJobs(this.db)).map((j) => j.node.explorationId).filter((id) => !followed.has(id)),
    );
    for (const id of orphaned)
      await cancelOpenWork(this.db, id, "the exploration had ended; its job was still open").catch((e: unknown) =>
        this.opts.onError?.(id, e),
      );
  }

  /** Ticks of one exploration never overlap; a tick asked for while one runs follows it. */
  tick(explorationId: string): Promise<void> {
    const previous = this.chains.get(explorationId) ?? Promise.resolve();
    const next = previous
      .then(() => this.step(explorationId))
      .catch((e: unknown) => this.opts.onError?.(explorationId, e));
    this.chains.set(explorationId, next);
    void next.finally(() => {
      if (this.chains.get(explorationId) === next) this.chains.delete(explorationId);
    });
    return next;
  }

  /** Runs ticks until nothing changes: tests and the CLI drive the loop with it. */
  async settle(explorationId: string, maxSteps = 50): Promise<void> {
    for (let i = 0; i < maxSteps; i++) if (!(await this.stepOnce(explorationId))) return;
  }

  private async step(explorationId: string): Promise<void> {
    await this.stepOnce(explorationId);
  }

  private async stepOnce(explorationId: string): Promise<boolean> {
    const exploration = await findExploration(this.db, explorationId);
    if (!exploration) return false;
    const finished = await absorbJobs(this.db, explorationId, this.now);
    if (exploration.status !== "running") return finished > 0;
    const dispatched = await dispatchApproved(this.db, exploration);
    const expanded = await expandIfRoundDone(this.db, exploration, this.now);
    return finished + dispatched > 0 || expanded;
  }
}
