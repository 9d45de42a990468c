"use client";
/** Who is signed in, and the way out. Nothing while signed out (the sign-in page). */
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc-provider";
import { SignOutButton } from "./sign-out-button";

export function AccountMenu() {
  const trpc = useTRPC();
  const me = useQuery({ ...trpc.account.me.queryOptions(), retry: false });
  if (!me.data) return null;
  return (
    <span className="flex min-w-0 items-center gap-3 text-sm text-slate-500">
      <a
        href="/settings/account"
        className="max-w-24 truncate hover:underline sm:max-w-none"
        data-testid="signed-in-as"
        title={me.data.email}
      >
        {me.data.email}
        {me.data.isAdmin && <span className="ml-1 rounded bg-slate-100 px-1 text-xs dark:bg-slate-800">admin</span>}
      </a>
      <SignOutButton />
    </span>
  );
}
