/**
 * One loop per exploration: absorb → dispatch → expand (services/exploration-loop-service.ts). Every step reads
 * its state from the database, so the loop can stop at any point and a restarted server carries on where it was.
 */
import type { Db } from "../db.ts";
import { getBus } from "../services/event-bus.ts";
import { cancelOrphanedJobs, followedExplorationIds, stepExploration } from "../services/exploration-loop-service.ts";

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
    const ids = await followedExplorationIds(this.db);
    await Promise.all([
      ...ids.map((id) => this.tick(id)),
      cancelOrphanedJobs(this.db, new Set(ids), this.opts.onError),
    ]);
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

  private stepOnce(explorationId: string): Promise<boolean> {
    return stepExploration(this.db, explorationId, this.now);
  }
}
