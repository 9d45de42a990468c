"use client";

import type { ReactNode } from "react";

export type PanelTab = "node" | "timeline" | "insights";

const tabs: { id: PanelTab; label: string }[] = [
  { id: "node", label: "Node" },
  { id: "timeline", label: "Timeline" },
  { id: "insights", label: "Insights" },
];

/** The right-hand panel: the selected node's inspector, the event timeline and the insights, as tabs. */
export function SidePanel({ tab, onTab, hasNode, children, badge }: { tab: PanelTab; onTab: (t: PanelTab) => void; hasNode: boolean; children: ReactNode; badge?: Partial<Record<PanelTab, string>> }) {
  return (
    <aside className="flex w-[380px] shrink-0 flex-col border-l border-slate-200 bg-white xl:w-[440px] dark:border-slate-800 dark:bg-slate-900" data-testid="side-panel">
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
              tab === t.id ? "border-emerald-600 text-emerald-700 dark:text-emerald-400" : "border-transparent text-slate-500 hover:text-slate-800 dark:hover:text-slate-200"
            }`}
          >
            {t.label}
            {badge?.[t.id] && <span className="ml-1 rounded-full bg-slate-200 px-1.5 text-[10px] dark:bg-slate-700">{badge[t.id]}</span>}
          </button>
        ))}
      </div>
      <div className="min-h-0 flex-1 overflow-y-auto">{children}</div>
    </aside>
  );
}
