"use client";

import { Kbd } from "@/components/ui/button";

const keys: [string, string][] = [
  ["a", "approve the selected node"],
  ["p", "prune the selected node's subtree"],
  ["n", "select the next node awaiting review"],
  ["e", "edit the selected proposal"],
  ["Esc", "close the editor, then the inspector"],
  ["?", "show or hide this help"],
];

export function ShortcutHelp({ onClose }: { onClose: () => void }) {
  return (
    <div
      className="fixed inset-0 z-50 flex items-center justify-center bg-slate-900/40"
      onClick={onClose}
      role="presentation"
    >
      <div
        role="dialog"
        aria-label="Keyboard shortcuts"
        className="w-80 rounded-lg border border-slate-200 bg-white p-4 shadow-xl dark:border-slate-700 dark:bg-slate-900"
        onClick={(e) => e.stopPropagation()}
      >
        <h2 className="mb-2 text-sm font-semibold">Keyboard shortcuts</h2>
        <dl className="grid grid-cols-[3rem_1fr] gap-y-1 text-xs">
          {keys.map(([k, what]) => (
            <div key={k} className="contents">
              <dt>
                <Kbd>{k}</Kbd>
              </dt>
              <dd>{what}</dd>
            </div>
          ))}
        </dl>
      </div>
    </div>
  );
}
