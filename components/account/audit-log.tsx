"use client";
/**
 * Settings → Audit log: who did what to what, in one workspace (or, for instance administrators, what belongs to
 * no workspace), filtered by actor, action and days; repeats of the same act on the same thing show once with a count.
 */
import { useQuery } from "@tanstack/react-query";
import { useRouter, useSearchParams } from "next/navigation";
import { useTRPC } from "@/components/providers/trpc-provider";
import { ErrorNote, Spinner } from "@/components/ui/section";
import { dayRange } from "./audit-days";

const field = "rounded border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-900";
export const INSTANCE_SCOPE = "instance";

export function AuditLog() {
  const trpc = useTRPC();
  const router = useRouter();
  const params = useSearchParams();
  const me = useQuery(trpc.account.me.queryOptions());
  const administered = (me.data?.workspaces ?? []).filter((w) => w.role === "admin");
  const scope = params.get("workspace") ?? administered[0]?.id ?? (me.data?.isAdmin ? INSTANCE_SCOPE : "");
  const filter = {
    actorUserId: params.get("actor") || undefined,
    action: params.get("action") || undefined,
    ...dayRange(params.get("from"), params.get("to")),
    take: 200,
  };
  const instance = scope === INSTANCE_SCOPE;
  const workspaceLog = useQuery({
    ...trpc.account.audit.queryOptions({ workspaceId: scope, ...filter }),
    enabled: !instance && scope !== "",
  });
  const instanceLog = useQuery({ ...trpc.account.instanceAudit.queryOptions(filter), enabled: instance });
  const log = instance ? instanceLog : workspaceLog;
  const set = (key: string, value: string) => {
    // from the address itself: two quick changes must not each start from the same old filters
    const next = new URLSearchParams(window.location.search);
    if (value) next.set(key, value);
    else next.delete(key);
    if (key === "workspace") ["actor", "action"].forEach((k) => next.delete(k));
    router.replace(`/settings/audit?${next.toString()}`);
  };

  if (!me.data) return <Spinner label="Loading your account…" />;
  if (administered.length === 0 && !me.data.isAdmin)
    return <p className="text-sm text-slate-500">The audit log is read by workspace administrators.</p>;
  return (
    <section className="space-y-3">
      <h1 className="text-xl font-semibold">Audit log</h1>
      <form className="flex flex-wrap items-end gap-3" aria-label="Filter the audit log">
        <label className="text-xs font-medium">
          Scope
          <select
            name="workspace"
            className={`${field} mt-1 block`}
            value={scope}
            onChange={(e) => set("workspace", e.target.value)}
          >
            {administered.map((w) => (
              <option key={w.id} value={w.id}>
                workspace {w.name}
              </option>
            ))}
            {me.data.isAdmin && <option value={INSTANCE_SCOPE}>instance (runners, tokens, workspaces)</option>}
          </select>
        </label>
        <label className="text-xs font-medium">
          Actor
          <select
            name="actor"
            className={`${field} mt-1 block`}
            value={filter.actorUserId ?? ""}
            onChange={(e) => set("actor", e.target.value)}
          >
            <option value="">everyone</option>
            {(log.data?.actors ?? []).map((a) => (
              <option key={a.userId} value={a.userId}>
                {a.email}
              </option>
            ))}
          </select>
        </label>
        <label className="text-xs font-medium">
          Action
          <select
            name="action"
            className={`${field} mt-1 block`}
            value={filter.action ?? ""}
            onChange={(e) => set("action", e.target.value)}
          >
            <option value="">every action</option>
            {(log.data?.actions ?? []).map((a) => (
              <option key={a.action} value={a.action}>
                {a.label} ({a.action})
              </option>
            ))}
          </select>
        </label>
        <label className="text-xs font-medium">
          From
          <input
            type="date"
            name="from"
            className={`${field} mt-1 block`}
            value={params.get("from") ?? ""}
            onChange={(e) => set("from", e.target.value)}
          />
        </label>
        <label className="text-xs font-medium">
          To
          <input
            type="date"
            name="to"
            className={`${field} mt-1 block`}
            value={params.get("to") ?? ""}
            onChange={(e) => set("to", e.target.value)}
          />
        </label>
      </form>
      {log.isError && <ErrorNote>{log.error.message}</ErrorNote>}
      {log.isPending && <Spinner label="Loading the audit log…" />}
      {log.data && (
        <>
          <p className="text-xs text-slate-500" data-testid="audit-count">
            {log.data.events.length === 0
              ? "Nothing recorded for these filters."
              : `${log.data.events.reduce((n, e) => n + e.count, 0)} events${log.data.events.some((e) => e.count > 1) ? ", repeats grouped" : ""}`}
          </p>
          <ol className="divide-y divide-slate-200 text-sm dark:divide-slate-800" data-testid="audit-log">
            {log.data.events.map((e) => (
              <li key={e.id} className="flex flex-wrap items-baseline gap-x-2 py-1.5" data-action={e.action}>
                <time
                  className="w-40 shrink-0 font-mono text-xs text-slate-500"
                  dateTime={new Date(e.at).toISOString()}
                >
                  {new Date(e.at).toLocaleString()}
                </time>
                <span>
                  <span className="font-medium">{e.actor}</span> {e.verb}
                  {e.target && " "}
                  {e.target &&
                    (e.target.href ? (
                      <a className="underline" href={e.target.href}>
                        {e.target.label}
                      </a>
                    ) : (
                      e.target.label
                    ))}
                </span>
                {e.count > 1 && (
                  <span
                    className="rounded bg-slate-100 px-1 text-xs dark:bg-slate-800"
                    title={`first at ${new Date(e.firstAt).toLocaleString()}`}
                  >
                    ×{e.count}
                  </span>
                )}
                {e.reason && <span className="text-xs text-slate-600 dark:text-slate-300"> · “{e.reason}”</span>}
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
