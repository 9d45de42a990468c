/** Pure: a waiting node's queue entry as the canvas and the inspector say it. */
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";

export type QueueEntry = inferRouterOutputs<AppRouter>["exploration"]["queue"]["nodes"][number];

/** "now", "in ~40 s", "in ~3 min", "in ~2 h"; null when there is nothing to estimate from. */
export function startsIn(at: Date | null, now: Date): string | null {
  if (!at) return null;
  const s = Math.max(0, (at.getTime() - now.getTime()) / 1000);
  if (s < 5) return "now";
  if (s < 90) return `in ~${Math.round(s / 5) * 5} s`;
  if (s < 90 * 60) return `in ~${Math.round(s / 60)} min`;
  return `in ~${(s / 3600).toFixed(1)} h`;
}

/** The card's one line: "queued #2 of 5 · in ~3 min". */
export function queueBadge(q: QueueEntry, now: Date): string {
  const when = startsIn(q.estimatedStartAt, now);
  const where = q.position === null ? "waiting" : `queued #${q.position} of ${q.of}`;
  return when ? `${where} · ${when}` : where;
}

/** The inspector's sentence: position, reason and estimate. */
export function queueSentence(q: QueueEntry, now: Date): string {
  const when = startsIn(q.estimatedStartAt, now);
  const where = q.position === null ? "Waiting" : `Position ${q.position} of ${q.of} in the runner's queue`;
  const estimate =
    when === null
      ? "no estimate yet (no training run has finished on this runner to measure its pace)"
      : when === "now"
        ? "starts now"
        : `starts ${when}`;
  return `${where} · ${q.reason} · ${estimate}.`;
}
