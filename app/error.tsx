"use client";

import Link from "next/link";
import { Button } from "@/components/ui/button";

/** A render error in a page: said where it happened, with a way back, instead of a blank screen. */
export default function PageError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="mx-auto max-w-xl p-8" role="alert">
      <h1 className="text-lg font-semibold">This page failed to render</h1>
      <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
        {error.message || "An unexpected error occurred."}
      </p>
      {error.digest && <p className="mt-1 font-mono text-xs text-slate-500">reference {error.digest}</p>}
      <div className="mt-4 flex gap-2">
        <Button variant="primary" onClick={reset}>
          Try again
        </Button>
        <Link href="/" className="rounded border border-slate-300 px-2.5 py-1 text-xs dark:border-slate-700">
          All explorations
        </Link>
      </div>
    </div>
  );
}
