"use client";
/** Sign in with email and password (better-auth); the session lives in an httpOnly cookie. */
import { useState, type FormEvent } from "react";

export default function SignInPage() {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    setError(null);
    const res = await fetch("/api/auth/sign-in/email", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: form.get("email"), password: form.get("password") }),
    });
    setBusy(false);
    if (!res.ok) {
      setError(res.status === 429 ? "Too many attempts; wait a minute." : "Wrong email or password.");
      return;
    }
    const next = new URLSearchParams(window.location.search).get("next");
    window.location.assign(next?.startsWith("/") && !next.startsWith("//") ? next : "/");
  }

  return (
    <main className="mx-auto mt-24 max-w-sm rounded-lg border border-neutral-200 p-6 dark:border-neutral-800">
      <h1 className="mb-4 text-xl font-semibold">Sign in to TREX</h1>
      <form onSubmit={onSubmit} className="flex flex-col gap-3">
        <label className="flex flex-col gap-1 text-sm">
          Email
          <input name="email" type="email" autoComplete="email" required maxLength={320} className="rounded border px-2 py-1" />
        </label>
        <label className="flex flex-col gap-1 text-sm">
          Password
          <input name="password" type="password" autoComplete="current-password" required maxLength={200} className="rounded border px-2 py-1" />
        </label>
        {error && (
          <p role="alert" className="text-sm text-red-600">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy} className="rounded bg-neutral-900 px-3 py-1.5 text-white disabled:opacity-50 dark:bg-neutral-100 dark:text-neutral-900">
          {busy ? "Signing in…" : "Sign in"}
        </button>
      </form>
    </main>
  );
}
