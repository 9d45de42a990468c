import Link from "next/link";

export default function ExplorationNotFound() {
  return (
    <div className="mx-auto max-w-xl p-8" data-testid="not-found">
      <h1 className="text-lg font-semibold">No such exploration</h1>
      <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
        There is no exploration with this address in your workspaces. It may have been mistyped, or it belongs to a
        workspace you are not a member of.
      </p>
      <div className="mt-4 flex gap-4 text-sm">
        <Link href="/" className="text-emerald-700 underline dark:text-emerald-400">
          ← All explorations
        </Link>
        <Link href="/explorations/new" className="text-emerald-700 underline dark:text-emerald-400">
          Start a new one
        </Link>
      </div>
    </div>
  );
}
