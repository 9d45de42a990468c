"use client";

import {
  columnFilteringFeature,
  columnResizingFeature,
  columnSizingFeature,
  columnVisibilityFeature,
  createColumnHelper,
  createFilteredRowModel,
  createSortedRowModel,
  globalFilteringFeature,
  rowSortingFeature,
  tableFeatures,
  useTable,
  type ColumnFiltersState,
  type ColumnSizingState,
  type Row,
  type SortingState,
  type ColumnVisibilityState,
} from "@tanstack/react-table";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useMemo, useRef, useState } from "react";
import { formatCompute, formatScore, formatScoreDelta } from "@/components/format";
import { Button } from "@/components/ui/button";
import { directionLabel, STATUS_BADGE, statusIcon, statusLabel } from "@/components/ui/status-styles";
import { matchesFilter, paramKeys, type Cell, type RunRow } from "./run-rows";
import { toCsv, toJson, type ExportColumn } from "./runs-export";

const features = tableFeatures({
  rowSortingFeature,
  sortedRowModel: createSortedRowModel(),
  columnFilteringFeature,
  globalFilteringFeature,
  filteredRowModel: createFilteredRowModel(),
  columnVisibilityFeature,
  columnSizingFeature,
  columnResizingFeature,
});
const helper = createColumnHelper<typeof features, RunRow>();

const ROW_HEIGHT = 32;
const cellFilter = (row: Row<typeof features, RunRow>, columnId: string, value: unknown) =>
  matchesFilter(row.getValue<Cell>(columnId), String(value ?? ""));

interface ColumnSpec {
  id: string;
  header: string;
  size: number;
  value: (r: RunRow) => Cell;
  render?: (r: RunRow) => React.ReactNode;
  numeric?: boolean;
}

function columnSpecs(rows: readonly RunRow[]): ColumnSpec[] {
  const base: ColumnSpec[] = [
    { id: "ordinal", header: "#", size: 56, value: (r) => r.ordinal, numeric: true, render: (r) => `#${r.ordinal}` },
    {
      id: "title",
      header: "Title",
      size: 260,
      value: (r) => r.title,
      render: (r) => <span title={r.title}>{r.title}</span>,
    },
    {
      id: "status",
      header: "Status",
      size: 128,
      value: (r) => r.status,
      render: (r) => (
        <span className={`inline-flex items-center gap-1 rounded px-1.5 text-[11px] ${STATUS_BADGE[r.status] ?? ""}`}>
          <span aria-hidden>{statusIcon(r.status)}</span>
          {statusLabel(r.status)}
        </span>
      ),
    },
    {
      id: "direction",
      header: "Direction",
      size: 120,
      value: (r) => r.direction,
      render: (r) => directionLabel(r.direction),
    },
    {
      id: "score",
      header: "Validation",
      size: 92,
      value: (r) => r.score,
      numeric: true,
      render: (r) => formatScore(r.score),
    },
    {
      id: "delta",
      header: "Δ vs parent",
      size: 96,
      value: (r) => r.delta,
      numeric: true,
      render: (r) => (
        <span
          className={
            r.delta === null
              ? ""
              : r.delta > 0
                ? "text-emerald-700 dark:text-emerald-400"
                : r.delta < 0
                  ? "text-rose-700 dark:text-rose-400"
                  : ""
          }
        >
          {formatScoreDelta(r.delta)}
        </span>
      ),
    },
    {
      id: "testScore",
      header: "Test",
      size: 72,
      value: (r) => r.testScore,
      numeric: true,
      render: (r) => formatScore(r.testScore),
    },
    {
      id: "computeSeconds",
      header: "Compute",
      size: 88,
      value: (r) => r.computeSeconds,
      numeric: true,
      render: (r) => formatCompute(r.computeSeconds),
    },
    {
      id: "tokens",
      header: "Tokens",
      size: 88,
      value: (r) => r.tokens,
      numeric: true,
      render: (r) => r.tokens.toLocaleString("en"),
    },
    {
      id: "recipe",
      header: "Recipe",
      size: 220,
      value: (r) => r.recipe,
      render: (r) => <span title={r.recipe}>{r.recipe}</span>,
    },
  ];
  const params = paramKeys(rows).map<ColumnSpec>((key) => ({
    id: `param:${key}`,
    header: key,
    size: Math.max(80, Math.min(180, key.length * 8 + 24)),
    value: (r) => r.params[key] ?? null,
    numeric: rows.some((r) => typeof r.params[key] === "number"),
    render: (r) => {
      const v = r.params[key];
      return v === null || v === undefined ? "–" : <span title={String(v)}>{String(v)}</span>;
    },
  }));
  return [...base, ...params];
}

/** Parameters every row shares say nothing about the runs: hidden until picked. */
function defaultVisibility(rows: readonly RunRow[]): ColumnVisibilityState {
  const hidden: ColumnVisibilityState = {};
  for (const key of paramKeys(rows)) {
    const values = new Set(rows.map((r) => JSON.stringify(r.params[key] ?? null)));
    if (values.size <= 1) hidden[`param:${key}`] = false;
  }
  // a test score is never shown where the server sealed it; where none is known the column is noise
  if (rows.every((r) => r.testScore === null)) hidden.testScore = false;
  return hidden;
}

function download(name: string, type: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}

export interface RunsTableProps {
  rows: RunRow[];
  explorationTitle: string;
  /** the node open in the inspector (shared with the canvas) */
  focusedId: string | null;
  onFocus: (id: string) => void;
  /** the nodes picked for comparison (shared with the canvas) */
  selected: ReadonlySet<string>;
  onToggle: (id: string) => void;
  onSelectMany: (ids: string[]) => void;
  onCompare: () => void;
}

/** Every node of the exploration as a row: sortable, filterable per column and across all, columns to pick, virtualised. */
export function RunsTable({
  rows,
  explorationTitle,
  focusedId,
  onFocus,
  selected,
  onToggle,
  onSelectMany,
  onCompare,
}: RunsTableProps) {
  const paramSignature = paramKeys(rows).join(",");
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the columns change only when the set of parameters does
  const specs = useMemo(() => columnSpecs(rows), [paramSignature]);
  const columns = useMemo(
    () =>
      helper.columns(
        specs.map((s) =>
          helper.accessor((r) => s.value(r), {
            id: s.id,
            header: s.header,
            size: s.size,
            filterFn: cellFilter,
            sortUndefined: "last",
            ...(s.numeric ? { sortDescFirst: true } : {}),
          }),
        ),
      ),
    [specs],
  );
  const [sorting, setSorting] = useState<SortingState>([{ id: "ordinal", desc: false }]);
  const [columnFilters, setColumnFilters] = useState<ColumnFiltersState>([]);
  const [globalFilter, setGlobalFilter] = useState("");
  const [columnSizing, setColumnSizing] = useState<ColumnSizingState>({});
  const [columnVisibility, setColumnVisibility] = useState<ColumnVisibilityState>(() => defaultVisibility(rows));
  const table = useTable({
    features,
    columns,
    data: rows,
    getRowId: (r) => r.id,
    state: { sorting, columnFilters, globalFilter, columnVisibility, columnSizing },
    onSortingChange: setSorting,
    onColumnFiltersChange: setColumnFilters,
    onGlobalFilterChange: setGlobalFilter,
    onColumnVisibilityChange: setColumnVisibility,
    onColumnSizingChange: setColumnSizing,
    columnResizeMode: "onChange",
    globalFilterFn: cellFilter,
    getColumnCanGlobalFilter: () => true,
  });
  const visible = table.getRowModel().rows;
  const leafColumns = table.getVisibleLeafColumns();
  const width = 36 + leafColumns.reduce((w, c) => w + c.getSize(), 0);
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: visible.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    getItemKey: (i) => visible[i]?.id ?? i,
  });
  const specById = new Map(specs.map((s) => [s.id, s]));

  const exportColumns: ExportColumn<RunRow>[] = leafColumns.flatMap((c) => {
    const s = specById.get(c.id);
    return s ? [{ id: s.id.replace(/^param:/, ""), header: s.header, value: s.value }] : [];
  });
  const fileBase = `runs-${explorationTitle.replace(/[^\w-]+/g, "-").slice(0, 60) || "exploration"}`;
  const shownRows = visible.map((r) => r.original);

  return (
    <div className="flex h-full min-h-0 flex-col" data-testid="runs-table">
      <div className="flex flex-wrap items-center gap-2 border-b border-slate-200 px-3 py-2 text-xs dark:border-slate-800">
        <input
          type="search"
          value={globalFilter}
          onChange={(e) => setGlobalFilter(e.target.value)}
          placeholder="Filter all columns (text, >0.8, 10..100)"
          aria-label="Filter runs"
          className="w-64 max-w-full rounded border border-slate-300 bg-white px-2 py-1 dark:border-slate-700 dark:bg-slate-950"
        />
        <span data-testid="runs-count" className="text-slate-500">
          {visible.length} of {rows.length} runs
        </span>
        <details className="relative" data-testid="column-picker">
          <summary className="cursor-pointer rounded border border-slate-300 px-2 py-1 dark:border-slate-700">
            Columns ▾
          </summary>
          <div className="absolute z-20 mt-1 max-h-80 w-60 overflow-y-auto rounded border border-slate-200 bg-white p-2 shadow-lg dark:border-slate-700 dark:bg-slate-900">
            {table.getAllLeafColumns().map((c) => (
              <label key={c.id} className="flex items-center gap-2 py-0.5">
                <input
                  type="checkbox"
                  checked={c.getIsVisible()}
                  onChange={(e) => c.toggleVisibility(e.target.checked)}
                />
                {specById.get(c.id)?.header ?? c.id}
              </label>
            ))}
          </div>
        </details>
        <Button
          variant="ghost"
          onClick={() => download(`${fileBase}.csv`, "text/csv", toCsv(shownRows, exportColumns))}
        >
          Export CSV
        </Button>
        <Button
          variant="ghost"
          onClick={() => download(`${fileBase}.json`, "application/json", toJson(shownRows, exportColumns))}
        >
          Export JSON
        </Button>
        <span className="ml-auto flex items-center gap-2">
          {selected.size > 0 && (
            <Button variant="ghost" onClick={() => onSelectMany([])}>
              Clear selection
            </Button>
          )}
          <Button onClick={onCompare} disabled={selected.size < 2} data-testid="compare-selected">
            Compare {selected.size > 0 ? selected.size : ""} selected
          </Button>
        </span>
      </div>
      <div ref={scroller} className="min-h-0 flex-1 overflow-auto" data-testid="runs-scroller">
        <div
          role="table"
          aria-label="Runs"
          aria-rowcount={visible.length + 1}
          style={{ width, minWidth: "100%" }}
          className="text-xs"
        >
          <div role="rowgroup" className="sticky top-0 z-10 bg-slate-50 dark:bg-slate-900">
            <div role="row" className="flex border-b border-slate-200 dark:border-slate-800">
              <div role="columnheader" className="flex w-9 shrink-0 items-center justify-center">
                <input
                  type="checkbox"
                  aria-label="Select all shown runs"
                  checked={visible.length > 0 && visible.every((r) => selected.has(r.id))}
                  onChange={(e) => onSelectMany(e.target.checked ? visible.map((r) => r.id) : [])}
                />
              </div>
              {table.getHeaderGroups()[0]?.headers.map((h) => {
                const sorted = h.column.getIsSorted();
                return (
                  <div
                    key={h.id}
                    role="columnheader"
                    aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : "none"}
                    style={{ width: h.getSize() }}
                    className="relative shrink-0 px-2 py-1"
                  >
                    <button
                      type="button"
                      onClick={h.column.getToggleSortingHandler()}
                      className="flex w-full items-center gap-1 truncate text-left font-medium text-slate-700 dark:text-slate-200"
                      aria-label={`Sort by ${specById.get(h.id)?.header ?? h.id}`}
                    >
                      <span className="truncate">{specById.get(h.id)?.header}</span>
                      <span aria-hidden className="text-slate-400">
                        {sorted === "asc" ? "▲" : sorted === "desc" ? "▼" : ""}
                      </span>
                    </button>
                    <input
                      value={String(h.column.getFilterValue() ?? "")}
                      onChange={(e) => h.column.setFilterValue(e.target.value || undefined)}
                      aria-label={`Filter ${specById.get(h.id)?.header ?? h.id}`}
                      placeholder={specById.get(h.id)?.numeric ? ">0.5" : "filter"}
                      className="mt-0.5 w-full rounded border border-slate-200 bg-white px-1 py-0.5 font-normal dark:border-slate-700 dark:bg-slate-950"
                    />
                    {/* drag the right edge to resize; double-click puts the column back to its width */}
                    <div
                      role="separator"
                      aria-orientation="vertical"
                      aria-label={`Resize ${specById.get(h.id)?.header ?? h.id}`}
                      data-testid="column-resizer"
                      onMouseDown={h.getResizeHandler()}
                      onTouchStart={h.getResizeHandler()}
                      onDoubleClick={() => h.column.resetSize()}
                      className="absolute right-0 top-0 h-full w-1.5 cursor-col-resize select-none hover:bg-sky-400/60"
                    />
                  </div>
                );
              })}
            </div>
          </div>
          <div role="rowgroup" style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
            {virtualizer.getVirtualItems().map((item) => {
              const row = visible[item.index];
              if (!row) return null;
              const r = row.original;
              const isFocused = r.id === focusedId;
              return (
                <div
                  key={row.id}
                  role="row"
                  aria-rowindex={item.index + 2}
                  aria-selected={selected.has(r.id)}
                  data-testid="run-row"
                  data-ordinal={r.ordinal}
                  onClick={() => onFocus(r.id)}
                  style={{ height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
                  className={`absolute left-0 flex w-full cursor-pointer items-center border-b border-slate-100 dark:border-slate-800/60 ${
                    isFocused
                      ? "bg-emerald-50 dark:bg-emerald-950/60"
                      : selected.has(r.id)
                        ? "bg-sky-50 dark:bg-sky-950/50"
                        : "hover:bg-slate-50 dark:hover:bg-slate-800/50"
                  }`}
                >
                  <div
                    role="cell"
                    className="flex w-9 shrink-0 items-center justify-center"
                    onClick={(e) => e.stopPropagation()}
                  >
                    <input
                      type="checkbox"
                      aria-label={`Select #${r.ordinal} for comparison`}
                      checked={selected.has(r.id)}
                      onChange={() => onToggle(r.id)}
                    />
                  </div>
                  {row.getVisibleCells().map((cell) => {
                    const spec = specById.get(cell.column.id);
                    return (
                      <div
                        key={cell.id}
                        role="cell"
                        style={{ width: cell.column.getSize() }}
                        className={`shrink-0 truncate px-2 ${spec?.numeric ? "text-right font-mono tabular-nums" : ""}`}
                      >
                        {spec?.render ? spec.render(r) : String(spec?.value(r) ?? "")}
                      </div>
                    );
                  })}
                </div>
              );
            })}
          </div>
        </div>
      </div>
    </div>
  );
}
