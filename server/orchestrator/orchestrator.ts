/**
 * One loop per exploration: absorb → dispatch (services/exploration-loop-service.ts), and alongside, planning: the
 * next expansion is planned while jobs train (services/expansion-service.ts), at most one planning call per
 * exploration at a time, so that a freed slot finds an approved plan instead of waiting for the Researcher.
 * Every step reads its state from the database and a plan is stored in one transaction, so the loop can stop at
 * any point (a planning call in flight is simply made again) and a restarted server carries on where it was.
 */
import type { Db } from "../db.ts";
import { getBus } from "../services/event-bus.ts";
import { cancelOrphanedJobs, followedExplorationIds, stepExploration } from "../services/exploration-loop-service.ts";
import { commitExpansion, nextExpansion, planTicket, type ExpansionTicket } from "../services/expansion-service.ts";
import { getRunner } from "../services/runner-registry.ts";

export interface OrchestratorOptions {
  tickMs: number;
  now?: () => Date;
  onError?: (explorationId: string, error: unknown) => void;
}

export class Orchestrator {
  private timer: NodeJS.Timeout | undefined;
  private readonly chains = new Map<string, Promise<unknown>>();
  /** the planning call in flight per exploration; it settles once its plan is stored (or dropped) */
  private readonly planning = new Map<string, Promise<void>>();
  private stopped = false;
  /** per exploration, how long its last planning call took (seconds): how far ahead to plan */
  private readonly planSeconds = new Map<string, number>();
  /** per exploration, the tree on which a plan was last held back for the budget: no planning again on it */
  private readonly heldOn = new Map<string, string>();
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
    this.stopped = false;
    getBus().on("wake", this.wake);
    this.timer = setInterval(() => void this.tickAll(), this.opts.tickMs);
    void this.tickAll();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    getBus().off("wake", this.wake);
    this.stopped = true; // a planning call that returns after this stores nothing: the next leader plans again
    await Promise.allSettled([...this.chains.values(), ...this.planning.values()]);
    this.stopped = false;
  }

  async tickAll(): Promise<void> {
    const ids = await followedExplorationIds(this.db);
    await Promise.all([
      ...ids.map((id) => this.tick(id)),
      cancelOrphanedJobs(this.db, new Set(ids), this.opts.onError),
    ]);
  }

  /** Ticks of one exploration never overlap; a tick asked for while one runs follows it. */
  async tick(explorationId: string): Promise<void> {
    await this.inTurn(explorationId, () => this.stepOnce(explorationId));
  }

  /**
   * Runs ticks until nothing changes, waiting for each planning call: tests and the CLI drive the loop with it.
   */
  async settle(explorationId: string, maxSteps = 50): Promise<void> {
    for (let i = 0; i < maxSteps; i++) {
      const changed = await this.inTurn(explorationId, () => this.stepOnce(explorationId));
      const planning = this.planning.get(explorationId);
      if (planning) await planning;
      else if (!changed) return;
    }
  }

  /** `work` runs after the exploration's earlier steps; errors go to onError (false). */
  private inTurn(explorationId: string, work: () => Promise<boolean>): Promise<boolean> {
    const previous = this.chains.get(explorationId) ?? Promise.resolve();
    const next = previous.then(work).catch((e: unknown) => {
      this.opts.onError?.(explorationId, e);
      return false;
    });
    this.chains.set(explorationId, next);
    void next.finally(() => {
      if (this.chains.get(explorationId) === next) this.chains.delete(explorationId);
    });
    return next;
  }

  /** Absorb and dispatch; then, unless a planning call is in flight, decide whether to plan the next expansion. */
  private async stepOnce(explorationId: string): Promise<boolean> {
    const { changed, running } = await stepExploration(this.db, explorationId, this.now);
    if (!running || this.planning.has(explorationId) || this.stopped) return changed;
    const next = await nextExpansion(this.db, running, this.now, {
      concurrency: (await getRunner(this.db, running.runnerName)).concurrency,
      planSeconds: this.planSeconds.get(explorationId) ?? 0,
      notOn: this.heldOn.get(explorationId),
    });
    if (next === null) return changed;
    if (next !== "finished") this.startPlanning(next);
    return true;
  }

  private startPlanning(ticket: ExpansionTicket): void {
    const id = ticket.explorationId;
    const startedAt = performance.now();
    const done = planTicket(this.db, ticket)
      .then((expansion) => {
        this.planSeconds.set(id, (performance.now() - startedAt) / 1000);
        return expansion;
      })
      .then((expansion) =>
        this.inTurn(id, async () => {
          if (this.stopped) return false;
          const { changed, heldOn } = await commitExpansion(this.db, ticket, expansion, this.now);
          if (heldOn) this.heldOn.set(id, heldOn);
          else this.heldOn.delete(id);
          return changed;
        }),
      )
      .catch((e: unknown) => this.opts.onError?.(id, e))
      .finally(() => {
        this.planning.delete(id);
        // the stored plan goes to a free slot now, and the next one may be planned
        if (!this.stopped) void this.tick(id);
      });
    this.planning.set(
      id,
      done.then(() => undefined),
    );
  }
}
