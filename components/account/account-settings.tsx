"use client";
/** Settings → Account: who you are, your API tokens, and the members of the workspaces you administer. */
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Spinner } from "@/components/ui/section";
import { ApiTokens } from "./api-tokens";
import { WorkspaceMembers } from "./workspace-members";

export function AccountSettings() {
  const trpc = useTRPC();
  const me = useQuery(trpc.account.me.queryOptions());
  if (!me.data) return <Spinner label="Loading your account…" />;
  const administered = me.data.workspaces.filter((w) => w.role === "admin");
  return (
    <>
      <section>
        <h1 className="text-xl font-semibold">Account</h1>
        <p className="text-sm text-slate-500">
          Signed in as {me.data.email}
          {me.data.isAdmin ? " (instance administrator)" : ""}. Workspaces:{" "}
          {me.data.workspaces.map((w) => `${w.name} (${w.role})`).join(", ") ||
            "none yet — ask an administrator to add you"}
          .
        </p>
      </section>
      <ApiTokens />
      {administered.length > 0 && (
        <section className="space-y-3">
          <h2 className="text-lg font-semibold">Members</h2>
          {administered.map((w) => (
            <WorkspaceMembers key={w.id} workspaceId={w.id} name={w.name} />
          ))}
        </section>
      )}
    </>
  );
}
