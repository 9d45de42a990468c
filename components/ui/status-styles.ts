/**
 * One place for the colours of statuses and directions: badges, node cards, the minimap, charts. Each table
 * `satisfies` the statuses it must cover, so a status added to server/contract/statuses.ts fails the type check
 * until it has its badge, colour and icon.
 */
import type { ExplorationStatus, NodeStatus } from "@/server/contract/statuses";

export const STATUS_BADGE: Record<string, string> = {
  proposed: "bg-slate-200 text-slate-700 dark:bg-slate-700 dark:text-slate-200",
  awaiting_review: "bg-amber-100 text-amber-800 dark:bg-amber-900/70 dark:text-amber-200",
  approved: "bg-sky-100 text-sky-800 dark:bg-sky-900/70 dark:text-sky-200",
  queued: "bg-indigo-100 text-indigo-800 dark:bg-indigo-900/70 dark:text-indigo-200",
  running: "bg-blue-600 text-white",
  succeeded: "bg-emerald-100 text-emerald-800 dark:bg-emerald-900/70 dark:text-emerald-200",
  failed: "bg-rose-100 text-rose-800 dark:bg-rose-900/70 dark:text-rose-200",
  cancelled: "bg-slate-300 text-slate-700 dark:bg-slate-700 dark:text-slate-300",
  pruned: "bg-slate-200 text-slate-500 line-through dark:bg-slate-800 dark:text-slate-400",
  paused: "bg-amber-100 text-amber-800 dark:bg-amber-900/70 dark:text-amber-200",
  stopped: "bg-slate-300 text-slate-700 dark:bg-slate-700 dark:text-slate-300",
  finished: "bg-emerald-100 text-emerald-800 dark:bg-emerald-900/70 dark:text-emerald-200",
} satisfies Record<NodeStatus | ExplorationStatus, string>;

/** Solid colours (hex) for the card's status strip and the minimap. */
export const STATUS_HEX: Record<string, string> = {
  proposed: "#94a3b8",
  awaiting_review: "#f59e0b",
  approved: "#0ea5e9",
  queued: "#6366f1",
  running: "#2563eb",
  succeeded: "#10b981",
  failed: "#e11d48",
  cancelled: "#64748b",
  pruned: "#cbd5e1",
} satisfies Record<NodeStatus, string>;

export const NODE_STATUS_FILTERS = [
  "awaiting_review",
  "approved",
  "queued",
  "running",
  "succeeded",
  "failed",
  "cancelled",
  "pruned",
] as const;

export const DIRECTION_LABEL: Record<string, string> = {
  baseline: "baseline",
  tune_hyperparameters: "tune HP",
  add_data: "add data",
  clean_data: "clean data",
  change_method: "change method",
  change_base: "change base",
  manual: "manual",
};

export const DIRECTION_CHIP: Record<string, string> = {
  baseline: "bg-slate-100 text-slate-600 dark:bg-slate-800 dark:text-slate-300",
  tune_hyperparameters: "bg-amber-50 text-amber-700 dark:bg-amber-950 dark:text-amber-300",
  add_data: "bg-sky-50 text-sky-700 dark:bg-sky-950 dark:text-sky-300",
  clean_data: "bg-teal-50 text-teal-700 dark:bg-teal-950 dark:text-teal-300",
  change_method: "bg-violet-50 text-violet-700 dark:bg-violet-950 dark:text-violet-300",
  change_base: "bg-fuchsia-50 text-fuchsia-700 dark:bg-fuchsia-950 dark:text-fuchsia-300",
  manual: "bg-pink-50 text-pink-700 dark:bg-pink-950 dark:text-pink-300",
};

export function statusLabel(status: string): string {
  return status.replaceAll("_", " ");
}

export function directionLabel(direction: string): string {
  return DIRECTION_LABEL[direction] ?? direction.replaceAll("_", " ");
}

/** Short labels where space is tight (node cards). */
const SHORT: Record<string, string> = { awaiting_review: "review", succeeded: "done", cancelled: "cancel" };

export function shortStatusLabel(status: string): string {
  return SHORT[status] ?? statusLabel(status);
}

/** A glyph per status, so a status reads without its colour (small cards, colour-blind readers, print). */
export const STATUS_ICON: Record<string, string> = {
  proposed: "○",
  awaiting_review: "◔",
  approved: "✓",
  queued: "⋯",
  running: "▶",
  succeeded: "✔",
  failed: "✖",
  cancelled: "⊘",
  pruned: "✂",
} satisfies Record<NodeStatus, string>;

export const statusIcon = (status: string): string => STATUS_ICON[status] ?? "•";
