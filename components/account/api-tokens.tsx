"use client";
/** The caller's API tokens (for the CLI, scripts and worker callbacks): create (shown once), list, revoke. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { ErrorNote } from "@/components/ui/section";

const SCOPES = ["read", "review", "admin"] as const;
const field = "rounded border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-900";
const when = (d: Date | string | null) => (d ? new Date(d).toLocaleDateString() : "—");

export function ApiTokens() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const tokens = useQuery(trpc.account.tokens.queryOptions());
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState<(typeof SCOPES)[number][]>(["read"]);
  const [days, setDays] = useState("90");
  const [created, setCreated] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.account.tokens.queryKey() });
  const create = useMutation(
    trpc.account.createToken.mutationOptions({ onSuccess: (t) => (setCreated(t.token), setName(""), refresh()) }),
  );
  const [revoking, setRevoking] = useState<{ id: string; name: string; prefix: string } | null>(null);
  const revoke = useMutation(
    trpc.account.revokeToken.mutationOptions({ onSuccess: () => (setRevoking(null), refresh()) }),
  );

  return (
    <section className="space-y-3" aria-labelledby="tokens-title">
      <h2 id="tokens-title" className="text-lg font-semibold">
        API tokens
      </h2>
      <p className="text-sm text-slate-500">
        For scripts and the worker&apos;s callbacks: send <code>Authorization: Bearer trex_…</code>. A token can do at
        most what its scopes and your role allow.
      </p>
      <form
        aria-label="Create a token"
        className="flex flex-wrap items-end gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate({ name, scopes, expiresInDays: days ? Number(days) : undefined });
        }}
      >
        <label className="text-xs font-medium">
          Name
          <input
            name="tokenName"
            className={`${field} mt-1 block`}
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="laptop CLI"
          />
        </label>
        <fieldset className="flex gap-2 text-xs">
          <legend className="font-medium">Scopes</legend>
          {SCOPES.map((s) => (
            <label key={s} className="flex items-center gap-1">
              <input
                type="checkbox"
                name={`scope-${s}`}
                checked={scopes.includes(s)}
                onChange={(e) => setScopes((prev) => (e.target.checked ? [...prev, s] : prev.filter((x) => x !== s)))}
              />
              {s}
            </label>
          ))}
        </fieldset>
        <label className="text-xs font-medium">
          Expires in (days)
          <input
            name="expiresInDays"
            type="number"
            className={`${field} mt-1 block w-24`}
            value={days}
            onChange={(e) => setDays(e.target.value)}
            placeholder="never"
          />
        </label>
        <Button type="submit" variant="primary" disabled={create.isPending}>
          Create token
        </Button>
      </form>
      {create.error && <ErrorNote>{create.error.message}</ErrorNote>}
      {created && (
        <div
          role="status"
          className="space-y-1 rounded bg-amber-50 p-2 text-xs text-amber-900 dark:bg-amber-950 dark:text-amber-200"
        >
          <p>Copy the token now: it is shown once and stored only as a hash.</p>
          <p className="flex items-center gap-2">
            <code data-testid="new-token" className="break-all font-mono">
              {created}
            </code>
            <Button onClick={() => void navigator.clipboard?.writeText(created)}>Copy</Button>
            <Button variant="ghost" onClick={() => setCreated(null)}>
              Done
            </Button>
          </p>
        </div>
      )}
      {revoke.error && <ErrorNote>{revoke.error.message}</ErrorNote>}
      <table className="w-full text-left text-sm" data-testid="token-table">
        <thead className="text-xs text-slate-500">
          <tr>
            <th className="py-1">name</th>
            <th>token</th>
            <th>scopes</th>
            <th>created</th>
            <th>last used</th>
            <th>expires</th>
            <th />
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200 dark:divide-slate-800">
          {(tokens.data ?? []).map((t) => (
            <tr key={t.id} className={t.revokedAt ? "text-slate-400 line-through" : ""}>
              <td className="py-1">{t.name}</td>
              <td className="font-mono text-xs">{t.prefix}…</td>
              <td className="text-xs">{(JSON.parse(t.scopes) as string[]).join(", ")}</td>
              <td className="text-xs">{when(t.createdAt)}</td>
              <td className="text-xs">{when(t.lastUsedAt)}</td>
              <td className="text-xs">{t.expiresAt ? when(t.expiresAt) : "never"}</td>
              <td className="text-right">
                {!t.revokedAt && (
                  <Button variant="danger" onClick={() => setRevoking(t)}>
                    Revoke
                  </Button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {tokens.data?.length === 0 && <p className="text-xs text-slate-500">No tokens yet.</p>}
      {revoking && (
        <ConfirmDialog
          title={`Revoke the token “${revoking.name}”?`}
          confirmLabel={revoke.isPending ? "Revoking…" : "Revoke token"}
          busy={revoke.isPending}
          onCancel={() => setRevoking(null)}
          onConfirm={() => revoke.mutate({ id: revoking.id })}
        >
          Scripts and workers that send <code>{revoking.prefix}…</code> are refused from now on. This cannot be undone:
          a new token would have to be created and handed out again.
        </ConfirmDialog>
      )}
    </section>
  );
}
