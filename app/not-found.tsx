import Link from "next/link";

export default function NotFound() {
  return (
    <div className="mx-auto max-w-xl p-8">
      <h1 className="text-lg font-semibold">Not found</h1>
      <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">There is no page at this address.</p>
      <Link href="/" className="mt-4 inline-block text-sm text-emerald-700 underline dark:text-emerald-400">
        All explorations
      </Link>
    </div>
  );
}
