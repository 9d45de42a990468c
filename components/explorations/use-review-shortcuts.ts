"use client";

import { useEffect, useRef } from "react";

export interface ShortcutHandlers {
  approve: () => void;
  prune: () => void;
  nextPending: () => void;
  edit: () => void;
  escape: () => void;
  help: () => void;
  fit?: () => void;
}

function typing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}

/** Reviewer keys: a approve, p prune, n next pending, e edit, Esc close, ? help. Ignored while typing. */
export function useReviewShortcuts(handlers: ShortcutHandlers): void {
  const ref = useRef(handlers);
  ref.current = handlers;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const h = ref.current;
      if (e.key === "Escape") {
        // Esc inside a field leaves the field first
        if (typing(e.target) && e.target instanceof HTMLElement) e.target.blur();
        h.escape();
        return;
      }
      if (typing(e.target)) return;
      const action = { a: h.approve, p: h.prune, n: h.nextPending, e: h.edit, "?": h.help }[e.key];
      if (!action) return;
      e.preventDefault();
      action();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
}
