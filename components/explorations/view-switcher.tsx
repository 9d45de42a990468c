"use client";

export type MainView = "tree" | "runs" | "compare" | "analysis";

const VIEWS: { id: MainView; label: string }[] = [
  { id: "tree", label: "Tree" },
  { id: "runs", label: "Runs" },
  { id: "compare", label: "Compare" },
  { id: "analysis", label: "Analysis" },
];

/** What the main pane shows: the canvas, the runs table, the comparison of the picked nodes, or the analysis. */
export function ViewSwitcher({
  view,
  onView,
  picked,
}: {
  view: MainView;
  onView: (v: MainView) => void;
  picked: number;
}) {
  return (
    <div
      role="tablist"
      aria-label="Views"
      className="flex shrink-0 gap-1 overflow-x-auto border-b border-slate-200 bg-white px-2 text-xs dark:border-slate-800 dark:bg-slate-900"
    >
      {VIEWS.map((v) => (
        <button
          key={v.id}
          role="tab"
          type="button"
          aria-selected={view === v.id}
          data-testid={`view-${v.id}`}
          onClick={() => onView(v.id)}
          className={`whitespace-nowrap border-b-2 px-3 py-1.5 font-medium ${view === v.id ? "border-emerald-600 text-emerald-700 dark:text-emerald-400" : "border-transparent text-slate-500 hover:text-slate-800 dark:hover:text-slate-200"}`}
        >
          {v.label}
          {v.id === "compare" && picked > 0 && (
            <span className="ml-1 rounded-full bg-sky-100 px-1.5 text-[10px] text-sky-800 dark:bg-sky-900 dark:text-sky-200">
              {picked}
            </span>
          )}
        </button>
      ))}
    </div>
  );
}
