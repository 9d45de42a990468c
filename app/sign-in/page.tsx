"use client";
/**
 * Sign in, or create an account, with email and password (better-auth); the session lives in an httpOnly
 * cookie. A new account belongs to no workspace until an administrator adds it.
 */
import { useState, type FormEvent } from "react";
import { safeNextPath } from "@/components/auth/safe-next-path";

type Mode = "sign-in" | "sign-up";

const input = "rounded border border-neutral-300 bg-white px-2 py-1 dark:border-neutral-700 dark:bg-neutral-900";

function messageFor(status: number, body: { message?: string } | null, mode: Mode): string {
  if (status === 429) return "Too many attempts; wait a minute.";
  if (mode === "sign-in") return "Wrong email or password.";
  return body?.message ?? "Could not create the account.";
}

export default function SignInPage() {
  const [mode, setMode] = useState<Mode>("sign-in");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    setError(null);
    const body = {
      email: form.get("email"),
      password: form.get("password"),
      ...(mode === "sign-up" ? { name: form.get("name") } : {}),
    };
    const res = await fetch(`/api/auth/${mode}/email`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    setBusy(false);
    if (!res.ok) {
      setError(messageFor(res.status, (await res.json().catch(() => null)) as { message?: string } | null, mode));
      return;
    }
    const next = new URLSearchParams(window.location.search).get("next");
    window.location.assign(mode === "sign-up" ? "/settings/account" : safeNextPath(next, window.location.origin));
  }

  return (
    <main className="mx-auto mt-24 max-w-sm rounded-lg border border-neutral-200 p-6 dark:border-neutral-800">
      <h1 className="mb-4 text-xl font-semibold">{mode === "sign-in" ? "Sign in to TREX" : "Create a TREX account"}</h1>
      <form onSubmit={onSubmit} className="flex flex-col gap-3">
        {mode === "sign-up" && (
          <label className="flex flex-col gap-1 text-sm">
            Name
            <input name="name" autoComplete="name" required maxLength={100} className={input} />
          </label>
        )}
        <label className="flex flex-col gap-1 text-sm">
          Email
          <input name="email" type="email" autoComplete="email" required maxLength={320} className={input} />
        </label>
        <label className="flex flex-col gap-1 text-sm">
          Password
          <input
            name="password"
            type="password"
            autoComplete={mode === "sign-in" ? "current-password" : "new-password"}
            required
            minLength={mode === "sign-up" ? 10 : undefined}
            maxLength={200}
            className={input}
          />
          {mode === "sign-up" && <span className="text-xs text-neutral-500">at least 10 characters</span>}
        </label>
        {error && (
          <p role="alert" className="text-sm text-red-600">
            {error}
          </p>
        )}
        <button
          type="submit"
          disabled={busy}
          className="rounded bg-neutral-900 px-3 py-1.5 text-white disabled:opacity-50 dark:bg-neutral-100 dark:text-neutral-900"
        >
          {busy ? "…" : mode === "sign-in" ? "Sign in" : "Create account"}
        </button>
      </form>
      <p className="mt-4 text-sm text-neutral-500">
        {mode === "sign-in" ? "New here? " : "Have an account? "}
        <button
          type="button"
          className="underline"
          onClick={() => (setMode(mode === "sign-in" ? "sign-up" : "sign-in"), setError(null))}
        >
          {mode === "sign-in" ? "Create an account" : "Sign in"}
        </button>
        {mode === "sign-up" && (
          <span className="mt-1 block text-xs">An administrator then adds you to a workspace.</span>
        )}
      </p>
    </main>
  );
}
