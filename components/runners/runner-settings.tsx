"use client";
/** Settings → Runners: where training runs. Add, test ("connect and run the worker's self-check"), edit, remove. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Button } from "@/components/ui/button";
import { ErrorNote, Spinner } from "@/components/ui/section";
import { EMPTY_RUNNER_FORM, fromRunnerSettings } from "./runner-form-model";
import { RunnerForm } from "./runner-form";
import { RunnerSummaries } from "./runner-summaries";

type Editing = { mode: "add" } | { mode: "edit"; id: string; name: string } | null;

function summary(kind: string, s: Record<string, unknown>): string {
  const ssh = s.ssh as { user?: string; host?: string; port?: number } | undefined;
  const where = ssh
    ? `${ssh.user}@${ssh.host}${ssh.port && ssh.port !== 22 ? `:${ssh.port}` : ""}`
    : kind === "cloud"
      ? "SkyPilot"
      : "this machine";
  const extra =
    kind === "slurm"
      ? [
          s.partition && `partition ${String(s.partition)}`,
          `${String(s.gpus ?? 0)} GPU`,
          s.timeLimit && `≤ ${String(s.timeLimit)}`,
        ]
      : kind === "cloud"
        ? [s.accelerators, s.cloud, s.useSpot && "spot"]
        : [];
  return [where, ...extra.filter(Boolean)].join(" · ");
}

export function RunnerSettings() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const me = useQuery(trpc.account.me.queryOptions());
  // host, user, paths and check text are for instance administrators; members see RunnerSummaries
  const runners = useQuery({ ...trpc.runner.settings.queryOptions(), enabled: me.data?.isAdmin === true });
  const [editing, setEditing] = useState<Editing>(null);
  const [testing, setTesting] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.runner.settings.queryKey() });
  const add = useMutation(trpc.runner.add.mutationOptions({ onSuccess: () => (setEditing(null), refresh()) }));
  const edit = useMutation(trpc.runner.edit.mutationOptions({ onSuccess: () => (setEditing(null), refresh()) }));
  const remove = useMutation(trpc.runner.remove.mutationOptions({ onSuccess: refresh }));
  const test = useMutation(trpc.runner.test.mutationOptions({ onSettled: () => (setTesting(null), refresh()) }));
  const [lastLocalCheck, setLastLocalCheck] = useState<{ ok: boolean; message: string } | null>(null);
  const isAdmin = me.data?.isAdmin === true;

  if (me.data && !isAdmin) return <RunnerSummaries />;
  if (runners.isPending) return <Spinner label="Loading runners…" />;
  if (runners.error) return <ErrorNote>{runners.error.message}</ErrorNote>;
  const current = editing?.mode === "edit" ? runners.data.find((r) => r.id === editing.id) : undefined;

  return (
    <section className="space-y-4">
      <div className="flex items-center gap-3">
        <h1 className="text-xl font-semibold">Runners</h1>
        <p className="text-sm text-slate-500">
          Where training runs. Secrets are encrypted at rest and never sent back to the browser.
        </p>
        {isAdmin && !editing && (
          <Button variant="primary" className="ml-auto" onClick={() => (add.reset(), setEditing({ mode: "add" }))}>
            Add runner
          </Button>
        )}
      </div>

      {editing?.mode === "add" && (
        <RunnerForm
          initial={EMPTY_RUNNER_FORM}
          editing={false}
          hasSecret={false}
          pending={add.isPending}
          serverError={add.error?.message}
          onSubmit={(name, config) => add.mutate({ name, config })}
          onCancel={() => setEditing(null)}
        />
      )}
      {editing?.mode === "edit" && current && (
        <RunnerForm
          key={current.id}
          initial={fromRunnerSettings(current.name, current.settings)}
          editing
          hasSecret={current.hasSecret}
          pending={edit.isPending}
          serverError={edit.error?.message}
          onSubmit={(_, config) => edit.mutate({ id: editing.id, config })}
          onCancel={() => setEditing(null)}
        />
      )}
      {remove.error && <ErrorNote>{remove.error.message}</ErrorNote>}
      {test.error && <ErrorNote>{test.error.message}</ErrorNote>}

      <ul className="divide-y divide-slate-200 rounded border border-slate-200 bg-white dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900">
        {runners.data.map((r) => {
          const check = r.builtin ? lastLocalCheck : r.lastCheck;
          return (
            <li key={r.name} data-testid={`runner-${r.name}`} className="space-y-1 p-3">
              <div className="flex flex-wrap items-center gap-3">
                <span className="font-medium">{r.name}</span>
                <span className="rounded bg-slate-100 px-1.5 text-xs text-slate-600 dark:bg-slate-800 dark:text-slate-300">
                  {r.kind}
                </span>
                <span className="text-xs text-slate-500">{summary(r.kind, r.settings)}</span>
                <span className="text-xs text-slate-500">
                  {r.activeJobs} / {r.concurrency} jobs running
                </span>
                {r.hasSecret && <span className="text-xs text-slate-500">key stored (encrypted)</span>}
                {isAdmin && (
                  <span className="ml-auto flex gap-2">
                    <Button
                      disabled={testing !== null}
                      onClick={() => {
                        setTesting(r.name);
                        test.mutate({ name: r.name }, { onSuccess: (c) => r.builtin && setLastLocalCheck(c) });
                      }}
                    >
                      {testing === r.name ? "Testing…" : "Test"}
                    </Button>
                    {!r.builtin && r.id && (
                      <>
                        <Button
                          onClick={() => (edit.reset(), setEditing({ mode: "edit", id: r.id ?? "", name: r.name }))}
                        >
                          Edit
                        </Button>
                        <Button
                          variant="danger"
                          onClick={() => {
                            if (window.confirm(`Remove the runner "${r.name}"? Explorations can no longer use it.`))
                              remove.mutate({ id: r.id ?? "" });
                          }}
                        >
                          Remove
                        </Button>
                      </>
                    )}
                  </span>
                )}
              </div>
              {testing === r.name && <Spinner label="Connecting and running the worker's self-check…" />}
              {check && testing !== r.name && <CheckResult check={check} />}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function CheckResult({
  check,
}: {
  check: {
    ok: boolean;
    message: string;
    at?: string;
    hostKey?: { keyType: string; fingerprint: string; firstUse: boolean };
    selfcheck?: Record<string, unknown>;
  };
}) {
  const sc = check.selfcheck;
  return (
    <div
      role="status"
      data-testid="runner-check"
      className={`rounded p-2 text-xs ${check.ok ? "bg-emerald-50 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200" : "bg-rose-50 text-rose-700 dark:bg-rose-950 dark:text-rose-300"}`}
    >
      <p>
        {check.ok ? "✓" : "✗"} {check.message}
        {check.at && <span className="ml-2 opacity-70">{new Date(check.at).toLocaleString()}</span>}
      </p>
      {check.hostKey && (
        <p className="font-mono">
          host key {check.hostKey.keyType} {check.hostKey.fingerprint}
          {check.hostKey.firstUse && (
            <strong className="ml-2 font-sans">
              recorded on first use: compare it with the host&apos;s own fingerprint
            </strong>
          )}
        </p>
      )}
      {sc && (
        <p className="font-mono opacity-80">
          {["python", "torch", "backends", "cuda", "gpus"]
            .filter((k) => sc[k] !== undefined)
            .map((k) => `${k}: ${JSON.stringify(sc[k])}`)
            .join("  ")}
        </p>
      )}
    </div>
  );
}
