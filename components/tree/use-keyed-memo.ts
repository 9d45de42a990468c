"use client";

import { useRef } from "react";

/** Recomputes only when `key` changes (for values whose inputs are large but whose identity is a cheap key). */
export function useKeyedMemo<T>(key: string, compute: () => T): T {
  const ref = useRef<{ key: string; value: T } | null>(null);
  if (ref.current === null || ref.current.key !== key) ref.current = { key, value: compute() };
  return ref.current.value;
}
