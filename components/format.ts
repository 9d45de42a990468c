/**
 * The one way the app writes scores and seconds. Scores are fractions in [0, 1] with three decimals (0.842),
 * differences signed (+0.012); compute is seconds written in s / min / h / d by the same function the server
 * uses in its sentences; a duration on the wall clock reads "1 h 2 min". A missing value is "—".
 */
import { formatSeconds } from "@/server/domain/requirements/units";

export const NONE = "—";

export function formatScore(v: number | null | undefined): string {
  return v === null || v === undefined || !Number.isFinite(v) ? NONE : v.toFixed(3);
}

export function formatScoreDelta(v: number | null | undefined): string {
  return v === null || v === undefined || !Number.isFinite(v) ? NONE : `${v >= 0 ? "+" : ""}${v.toFixed(3)}`;
}

/** Compute (CPU/GPU seconds) and any other amount of seconds that is not a wall-clock duration. */
export function formatCompute(seconds: number): string {
  return formatSeconds(seconds);
}

/** A wall-clock duration: 45 s, 12 min 5 s, 1 h 2 min. */
export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Math.round(seconds)} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(seconds / 3600)} h ${Math.round((seconds % 3600) / 60)} min`;
}

/** Tight spaces (budget bars): 45s, 30m, 1.5h. */
export function compactSeconds(s: number): string {
  if (s < 90) return `${Math.round(s)}s`;
  if (s < 5400) return `${Math.round(s / 60)}m`;
  return `${(s / 3600).toFixed(1)}h`;
}
