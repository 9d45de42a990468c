"use client";

import { NODE_STATUS_FILTERS, statusLabel } from "@/components/ui/status-styles";
import type { Orientation } from "./tree-layout";
import type { CanvasFilter } from "./tree-visibility";

const chip = "rounded border px-2 py-1 text-xs font-medium transition-colors disabled:opacity-40";
const chipOff =
  "border-slate-300 text-slate-700 hover:bg-slate-100 dark:border-slate-700 dark:text-slate-300 dark:hover:bg-slate-800";
const chipOn = "border-emerald-600 bg-emerald-600 text-white hover:bg-emerald-700";

export interface ToolbarProps {
  query: string;
  onQuery: (q: string) => void;
  matchCount: number;
  matchIndex: number;
  onNextMatch: (step: 1 | -1) => void;
  filter: CanvasFilter;
  onFilter: (f: CanvasFilter) => void;
  follow: boolean;
  onFollow: (on: boolean) => void;
  onFit: () => void;
  onCollapseAll: () => void;
  onExpandAll: () => void;
  orientation: Orientation;
  onOrientation: (o: Orientation) => void;
  shown: number;
  total: number;
}

export function CanvasToolbar(p: ToolbarProps) {
  const toggleStatus = (s: string) =>
    p.onFilter({
      ...p.filter,
      statuses: p.filter.statuses.includes(s) ? p.filter.statuses.filter((x) => x !== s) : [...p.filter.statuses, s],
    });
  return (
    <div
      className="relative z-10 flex flex-wrap items-center gap-2 border-b border-slate-200 bg-white/80 px-3 py-1.5 text-xs backdrop-blur dark:border-slate-800 dark:bg-slate-900/80"
      data-testid="canvas-toolbar"
    >
      <div className="flex items-center gap-1">
        <input
          type="search"
          aria-label="Search nodes by title or #ordinal"
          placeholder="Search title or #12"
          data-testid="canvas-search"
          className="w-44 rounded border border-slate-300 bg-white px-2 py-1 dark:border-slate-700 dark:bg-slate-950"
          value={p.query}
          onChange={(e) => p.onQuery(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter") p.onNextMatch(e.shiftKey ? -1 : 1);
            if (e.key === "Escape") {
              p.onQuery("");
              e.currentTarget.blur();
            }
          }}
        />
        {p.query.trim() !== "" && (
          <>
            <span className="w-16 text-slate-500" data-testid="search-count">
              {p.matchCount === 0 ? "no match" : `${p.matchIndex + 1} of ${p.matchCount}`}
            </span>
            <button
              type="button"
              className={`${chip} ${chipOff}`}
              disabled={p.matchCount === 0}
              onClick={() => p.onNextMatch(-1)}
              aria-label="Previous match"
            >
              ↑
            </button>
            <button
              type="button"
              className={`${chip} ${chipOff}`}
              disabled={p.matchCount === 0}
              onClick={() => p.onNextMatch(1)}
              aria-label="Next match"
            >
              ↓
            </button>
          </>
        )}
      </div>
      <details className="relative">
        <summary className={`${chip} ${p.filter.statuses.length > 0 ? chipOn : chipOff} cursor-pointer list-none`}>
          Status{p.filter.statuses.length > 0 ? ` (${p.filter.statuses.length})` : ""} ▾
        </summary>
        <div className="absolute left-0 z-20 mt-1 w-48 space-y-1 rounded border border-slate-200 bg-white p-2 shadow-lg dark:border-slate-700 dark:bg-slate-900">
          {NODE_STATUS_FILTERS.map((s) => (
            <label key={s} className="flex items-center gap-2">
              <input type="checkbox" checked={p.filter.statuses.includes(s)} onChange={() => toggleStatus(s)} />
              {statusLabel(s)}
            </label>
          ))}
          {p.filter.statuses.length > 0 && (
            <button
              type="button"
              className="text-emerald-700 underline dark:text-emerald-400"
              onClick={() => p.onFilter({ ...p.filter, statuses: [] })}
            >
              all statuses
            </button>
          )}
        </div>
      </details>
      <label className="hidden items-center gap-1 text-slate-600 sm:flex dark:text-slate-400">
        score ≥
        <input
          type="number"
          step="0.05"
          min={0}
          max={1}
          aria-label="Minimum score"
          className="w-16 rounded border border-slate-300 bg-white px-1 py-1 dark:border-slate-700 dark:bg-slate-950"
          value={p.filter.minScore ?? ""}
          onChange={(e) =>
            p.onFilter({ ...p.filter, minScore: Number.isNaN(e.target.valueAsNumber) ? null : e.target.valueAsNumber })
          }
        />
      </label>
      <span className="text-slate-500" data-testid="shown-count">
        {p.shown === p.total ? `${p.total} nodes` : `${p.shown} of ${p.total} nodes`}
      </span>
      <div className="ml-auto flex items-center gap-1">
        <button type="button" className={`${chip} ${chipOff} hidden md:inline-block`} onClick={p.onCollapseAll}>
          Collapse all
        </button>
        <button type="button" className={`${chip} ${chipOff} hidden md:inline-block`} onClick={p.onExpandAll}>
          Expand all
        </button>
        <button
          type="button"
          data-testid="layout-toggle"
          className={`${chip} ${chipOff}`}
          onClick={() => p.onOrientation(p.orientation === "vertical" ? "horizontal" : "vertical")}
          title={
            p.orientation === "vertical"
              ? "Lay the tree out from left to right"
              : "Lay the tree out from top to bottom (leaves stacked)"
          }
        >
          {p.orientation === "vertical" ? "↕ Vertical" : "↔ Horizontal"}
        </button>
        <button type="button" className={`${chip} ${chipOff}`} onClick={p.onFit} title="Zoom to fit (f)">
          Fit
        </button>
        <button
          type="button"
          aria-pressed={p.follow}
          className={`${chip} ${p.follow ? chipOn : chipOff} hidden md:inline-block`}
          onClick={() => p.onFollow(!p.follow)}
          title="Keep the newest node centred"
        >
          {p.follow ? "● Following latest" : "Follow latest"}
        </button>
      </div>
    </div>
  );
}
