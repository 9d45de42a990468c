"use client";

import { createContext, useCallback, useContext, useSyncExternalStore } from "react";

/**
 * Per-node live values (training progress, loss curve points) outside React state: a progress tick notifies
 * only the components that watch that node (its card, the inspector's charts), not the whole tree.
 */
export class LiveStore<T> {
  private values = new Map<string, T>();
  private listeners = new Map<string, Set<() => void>>();

  get(id: string): T | undefined {
    return this.values.get(id);
  }

  set(id: string, value: T): void {
    this.values.set(id, value);
    for (const l of this.listeners.get(id) ?? []) l();
  }

  update(id: string, fn: (prev: T | undefined) => T): void {
    this.set(id, fn(this.values.get(id)));
  }

  subscribe(id: string, listener: () => void): () => void {
    let set = this.listeners.get(id);
    if (!set) {
      set = new Set();
      this.listeners.set(id, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  }
}

export function useLiveValue<T>(store: LiveStore<T> | null, id: string): T | undefined {
  const subscribe = useCallback((cb: () => void) => (store ? store.subscribe(id, cb) : () => undefined), [store, id]);
  const get = useCallback(() => store?.get(id), [store, id]);
  return useSyncExternalStore(subscribe, get, get);
}

/** A job's live progress: the fraction done in [0, 1], of training or of the preparation `phase` names. */
export interface LiveProgress {
  fraction: number;
  phase: string | null;
}

/** Live progress by node id, for the node cards. */
export const ProgressContext = createContext<LiveStore<LiveProgress> | null>(null);

export function useLiveProgress(id: string): LiveProgress | undefined {
  return useLiveValue(useContext(ProgressContext), id);
}
