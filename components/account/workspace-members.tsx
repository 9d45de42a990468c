"use client";
/** Members of the workspaces the caller administers: add by email with a role, change the role, remove; a link to the audit log. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Button } from "@/components/ui/button";
import { ErrorNote } from "@/components/ui/section";

const ROLES = ["viewer", "reviewer", "admin"] as const;
const ROLE_HELP: Record<(typeof ROLES)[number], string> = {
  viewer: "reads explorations and the leaderboard",
  reviewer: "also starts, approves, edits, prunes and pauses",
  admin: "also manages members and reads the audit log",
};
const field = "rounded border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-900";

export function WorkspaceMembers({ workspaceId, name }: { workspaceId: string; name: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const members = useQuery(trpc.account.members.queryOptions({ workspaceId }));
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<(typeof ROLES)[number]>("viewer");
  const refresh = () =>
    Promise.all([queryClient.invalidateQueries({ queryKey: trpc.account.members.queryKey({ workspaceId }) })]);
  const setMember = useMutation(trpc.account.setMember.mutationOptions({ onSuccess: () => (setEmail(""), refresh()) }));
  const removeMember = useMutation(trpc.account.removeMember.mutationOptions({ onSuccess: refresh }));

  return (
    <section
      className="space-y-3 rounded border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
      data-testid={`workspace-${workspaceId}`}
    >
      <h3 className="font-semibold">Workspace {name}</h3>
      <form
        aria-label={`Add a member to ${name}`}
        className="flex flex-wrap items-end gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          setMember.mutate({ workspaceId, email, role });
        }}
      >
        <label className="text-xs font-medium">
          Email
          <input
            name="memberEmail"
            type="email"
            className={`${field} mt-1 block w-64`}
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            placeholder="colleague@lab.org"
          />
        </label>
        <label className="text-xs font-medium">
          Role
          <select
            name="memberRole"
            className={`${field} mt-1 block`}
            value={role}
            onChange={(e) => setRole(e.target.value as typeof role)}
          >
            {ROLES.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </label>
        <Button type="submit" variant="primary" disabled={setMember.isPending}>
          Add member
        </Button>
        <span className="text-xs text-slate-500">{ROLE_HELP[role]}</span>
      </form>
      {(setMember.error ?? removeMember.error) && (
        <ErrorNote>{(setMember.error ?? removeMember.error)?.message}</ErrorNote>
      )}
      <ul className="divide-y divide-slate-200 text-sm dark:divide-slate-800">
        {(members.data ?? []).map((m) => (
          <li key={m.userId} className="flex items-center gap-3 py-1">
            <span>{m.email}</span>
            <select
              aria-label={`Role of ${m.email}`}
              className={`${field} ml-auto text-xs`}
              value={m.role}
              onChange={(e) =>
                setMember.mutate({ workspaceId, email: m.email, role: e.target.value as (typeof ROLES)[number] })
              }
            >
              {ROLES.map((r) => (
                <option key={r}>{r}</option>
              ))}
            </select>
            <Button variant="danger" onClick={() => removeMember.mutate({ workspaceId, userId: m.userId })}>
              Remove
            </Button>
          </li>
        ))}
      </ul>
      <a className="text-xs underline" href={`/settings/audit?workspace=${workspaceId}`}>
        Audit log of {name} →
      </a>
    </section>
  );
}
