/**
 * Several explorations on one runner share its slots fairly: the next free slot goes to the exploration
 * with the fewest jobs running there (counting the slots handed out before it in the same order), ties to
 * the one whose oldest waiting node has waited longest. So no exploration starves while another's later
 * nodes start. The same order gives every waiting node its queue position, and a small simulation of the
 * slots freeing up gives when it should start. Pure: the clock and durations are passed in.
 */

export interface WaitingNode {
  nodeId: string;
  explorationId: string;
  /** when it became ready to run (approved) */
  waitingSince: Date;
  ordinal: number;
}

/** The order in which waiting nodes get slots; the first `free` of it start now. */
export function fairOrder(
  waiting: readonly WaitingNode[],
  runningByExploration: ReadonlyMap<string, number>,
): WaitingNode[] {
  const byAge = [...waiting].sort(
    (a, b) =>
      a.waitingSince.getTime() - b.waitingSince.getTime() || a.ordinal - b.ordinal || a.nodeId.localeCompare(b.nodeId),
  );
  const queues = new Map<string, WaitingNode[]>();
  for (const n of byAge) queues.set(n.explorationId, [...(queues.get(n.explorationId) ?? []), n]);
  const load = new Map([...queues.keys()].map((id) => [id, runningByExploration.get(id) ?? 0]));
  const before = (a: string, b: string) => {
    const [la, lb] = [load.get(a) ?? 0, load.get(b) ?? 0];
    if (la !== lb) return la < lb;
    const [ta, tb] = [queues.get(a)?.[0]?.waitingSince.getTime() ?? 0, queues.get(b)?.[0]?.waitingSince.getTime() ?? 0];
    return ta !== tb ? ta < tb : a < b;
  };
  const order: WaitingNode[] = [];
  for (;;) {
    const ready = [...queues.keys()].filter((id) => (queues.get(id)?.length ?? 0) > 0);
    const pick = ready.reduce<string | undefined>(
      (best, id) => (best === undefined || before(id, best) ? id : best),
      undefined,
    );
    const next = pick === undefined ? undefined : queues.get(pick)?.shift();
    if (pick === undefined || !next) return order;
    order.push(next);
    load.set(pick, (load.get(pick) ?? 0) + 1);
  }
}

/**
 * Seconds from now until each node of `order` starts: a slot frees when a running job ends (its remaining
 * seconds; null: unknown) or is free now, and a node that starts holds its slot for its duration (null:
 * unknown). Null where the start depends on something unknown.
 */
export function estimateStartSeconds(
  durations: readonly (number | null)[],
  slots: number,
  runningRemainingSeconds: readonly (number | null)[],
): (number | null)[] {
  if (slots <= 0) return durations.map(() => null);
  const freeAt = (s: number | null) => (s === null ? Infinity : Math.max(0, s));
  const times = [
    ...runningRemainingSeconds.map(freeAt),
    ...Array.from({ length: Math.max(0, slots - runningRemainingSeconds.length) }, () => 0),
  ]
    .sort((a, b) => a - b)
    .slice(0, slots);
  return durations.map((d) => {
    const start = times.shift() ?? Infinity;
    times.push(start + (d ?? Infinity));
    times.sort((a, b) => a - b);
    return Number.isFinite(start) ? start : null;
  });
}

/** Seconds a run of `steps` takes at the runner's measured pace (seconds per step); an evaluation-only run is quick but not free. */
export function runSeconds(steps: number, secondsPerStep: number | null, evalSeconds: number | null): number | null {
  if (steps <= 0) return evalSeconds;
  return secondsPerStep === null ? null : steps * secondsPerStep + (evalSeconds ?? 0);
}

/** What is left of a running job: from its progress, else from how long such a run takes. */
export function remainingSeconds(
  elapsedSeconds: number,
  progress: number,
  expectedSeconds: number | null,
): number | null {
  if (progress > 0.02 && progress < 1) return (elapsedSeconds * (1 - progress)) / progress;
  if (expectedSeconds === null) return null;
  return Math.max(0, expectedSeconds - elapsedSeconds);
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] ?? null) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}
