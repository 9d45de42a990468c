"use client";

import { createContext, useContext } from "react";

/** Stable callbacks for node cards: passed by context so node data stays plain (and shallow-comparable). */
export interface CanvasActions {
  toggleCollapse: (id: string) => void;
  /** select a node and bring it into view (a repair's link to the node it repairs) */
  showNode: (id: string) => void;
}

export const CanvasActionsContext = createContext<CanvasActions>({
  toggleCollapse: () => undefined,
  showNode: () => undefined,
});

export function useCanvasActions(): CanvasActions {
  return useContext(CanvasActionsContext);
}
