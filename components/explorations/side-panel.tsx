"use client";

import type { ReactNode } from "react";

export type PanelTab = "node" | "timeline" | "insights";

const tabs: { id: PanelTab; label: string }[] = [
  { id: "node", label: "Node" },
  { id: "timeline", label: "Timeline" },
  { id: "insights", label: "Insights" },
];

/**
 * The right-hand panel: the selected node's inspector, the event timeline and the insights, as tabs. Below the
 * md breakpoint (a phone) it is a drawer over the bottom of the screen, open while `drawerOpen`.
 */
export function SidePanel({
  tab,
  onTab,
  hasNode,
  children,
  badge,
  drawerOpen,
  onCloseDrawer,
}: {
  tab: PanelTab;
  onTab: (t: PanelTab) => void;
  hasNode: boolean;
  children: ReactNode;
  badge?: Partial<Record<PanelTab, string>>;
  drawerOpen: boolean;
  onCloseDrawer: () => void;
}) {
  return (
    <aside
      className={`fixed inset-x-0 bottom-0 z-40 h-[72vh] flex-col rounded-t-lg border-t border-slate-200 bg-white shadow-2xl md:static md:z-auto md:flex md:h-auto md:w-[380px] md:shrink-0 md:rounded-none md:border-l md:border-t-0 md:shadow-none xl:w-[440px] dark:border-slate-800 dark:bg-slate-900 ${
        drawerOpen ? "flex" : "hidden"
      }`}
      data-testid="side-panel"
    >
      <div role="tablist" className="flex border-b border-slate-200 text-xs dark:border-slate-800">
        {tabs.map((t) => (
          <button
            key={t.id}
            role="tab"
            type="button"
            aria-selected={tab === t.id}
            disabled={t.id === "node" && !hasNode}
            onClick={() => onTab(t.id)}
            className={`flex-1 border-b-2 px-3 py-2 font-medium disabled:opacity-40 ${
              tab === t.id
                ? "border-emerald-600 text-emerald-700 dark:text-emerald-400"
                : "border-transparent text-slate-500 hover:text-slate-800 dark:hover:text-slate-200"
            }`}
          >
            {t.label}
            {badge?.[t.id] && (
              <span className="ml-1 rounded-full bg-slate-200 px-1.5 text-[10px] dark:bg-slate-700">{badge[t.id]}</span>
            )}
          </button>
        ))}
        <button
          type="button"
          onClick={onCloseDrawer}
          aria-label="Close the panel"
          className="px-3 text-slate-500 md:hidden"
        >
          ✕
        </button>
      </div>
      <div className="min-h-0 flex-1 overflow-y-auto">{children}</div>
    </aside>
  );
}
