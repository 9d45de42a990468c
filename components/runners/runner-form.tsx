"use client";
/** Add or edit one runner: the fields of its kind; secrets are write-only (empty keeps the stored ones). */
import { useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { ErrorNote } from "@/components/ui/section";
import { RUNNER_KINDS, toRunnerConfig, type RunnerForm as Form } from "./runner-form-model";

const field =
  "mt-1 w-full rounded border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-900";

function Field({ label, hint, children }: { label: string; hint?: string; children: ReactNode }) {
  return (
    <label className="block text-xs font-medium">
      {label}
      {children}
      {hint && <span className="mt-0.5 block font-normal text-slate-500">{hint}</span>}
    </label>
  );
}

export function RunnerForm({
  initial,
  editing,
  hasSecret,
  pending,
  serverError,
  onSubmit,
  onCancel,
}: {
  initial: Form;
  editing: boolean;
  hasSecret: boolean;
  pending: boolean;
  serverError?: string;
  onSubmit: (name: string, config: Record<string, unknown>) => void;
  onCancel: () => void;
}) {
  const [f, setF] = useState<Form>(initial);
  const [formError, setFormError] = useState<string>();
  const set =
    <K extends keyof Form>(key: K) =>
    (value: Form[K]) =>
      setF((prev) => ({ ...prev, [key]: value }));
  const input = (key: keyof Form, props: { type?: string; placeholder?: string } = {}) => (
    <input
      name={key}
      className={field}
      value={String(f[key])}
      onChange={(e) => set(key)(e.target.value as never)}
      {...props}
    />
  );
  const usesSsh = f.kind === "ssh" || (f.kind === "slurm" && f.overSsh);

  return (
    <form
      aria-label={editing ? `Edit runner ${f.name}` : "Add a runner"}
      className="space-y-4 rounded border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
      onSubmit={(e) => {
        e.preventDefault();
        const { config, error } = toRunnerConfig(f);
        setFormError(error);
        if (!error) onSubmit(f.name.trim(), config);
      }}
    >
      <div className="grid gap-3 md:grid-cols-4">
        <Field label="Name" hint="how explorations pick it">
          <input
            name="name"
            className={field}
            value={f.name}
            disabled={editing}
            onChange={(e) => set("name")(e.target.value)}
            placeholder="gpu-box"
          />
        </Field>
        <Field label="Kind">
          <select
            name="kind"
            className={field}
            value={f.kind}
            disabled={editing}
            onChange={(e) => set("kind")(e.target.value as Form["kind"])}
          >
            {RUNNER_KINDS.map((k) => (
              <option key={k}>{k}</option>
            ))}
          </select>
        </Field>
        <Field label="Concurrent jobs">{input("concurrency", { type: "number" })}</Field>
        <Field label="Python" hint="on the machine that trains">
          {input("python")}
        </Field>
        <Field
          label="GPU memory (GiB)"
          hint={`of one GPU; plans that cannot fit are lightened or refused${f.kind === "cloud" ? " (empty: read from the accelerator name)" : ""}`}
        >
          {input("gpuMemoryGiB", { type: "number" })}
        </Field>
      </div>

      {f.kind === "slurm" && (
        <label className="flex items-center gap-2 text-xs">
          <input
            type="checkbox"
            name="overSsh"
            checked={f.overSsh}
            onChange={(e) => set("overSsh")(e.target.checked)}
          />
          Submit over SSH to a login node (unchecked: Slurm&apos;s commands run on this machine)
        </label>
      )}

      {usesSsh && (
        <fieldset className="grid gap-3 rounded border border-slate-200 p-3 md:grid-cols-4 dark:border-slate-800">
          <legend className="px-1 text-xs font-semibold text-slate-500">SSH</legend>
          <Field label="Host">{input("host", { placeholder: "gpu01.example.org" })}</Field>
          <Field label="Port">{input("port", { type: "number" })}</Field>
          <Field label="User">{input("user")}</Field>
          <Field label="Host key" hint="accept-new records the key on first use and checks it afterwards">
            <select
              name="hostKeyPolicy"
              className={field}
              value={f.hostKeyPolicy}
              onChange={(e) => set("hostKeyPolicy")(e.target.value as Form["hostKeyPolicy"])}
            >
              <option value="accept-new">accept-new</option>
              <option value="strict">strict</option>
            </select>
          </Field>
          <div className="md:col-span-2">
            <Field
              label="Private key"
              hint={
                hasSecret
                  ? "a key is stored (encrypted); leave empty to keep it"
                  : "OpenSSH or PEM; stored encrypted, never shown again"
              }
            >
              <textarea
                name="privateKey"
                className={`${field} h-20 font-mono text-[11px]`}
                value={f.privateKey}
                onChange={(e) => set("privateKey")(e.target.value)}
                placeholder={hasSecret ? "(stored)" : "-----BEGIN OPENSSH PRIVATE KEY-----"}
                autoComplete="off"
                spellCheck={false}
              />
            </Field>
          </div>
          <Field label="Passphrase">
            {input("passphrase", { type: "password", placeholder: hasSecret ? "(unchanged)" : "" })}
          </Field>
          <Field label="ssh-agent socket" hint="instead of a key">
            {input("agentSocket", { placeholder: "/run/user/1000/ssh-agent.sock" })}
          </Field>
          <div className="md:col-span-4">
            <Field label="known_hosts" hint="trusted host keys; filled in on first use">
              <textarea
                name="knownHosts"
                className={`${field} h-12 font-mono text-[11px]`}
                value={f.knownHosts}
                onChange={(e) => set("knownHosts")(e.target.value)}
                spellCheck={false}
              />
            </Field>
          </div>
        </fieldset>
      )}

      {(f.kind === "ssh" || f.kind === "slurm") && (
        <div className="grid gap-3 md:grid-cols-4">
          <Field label="Jobs folder" hint={f.kind === "slurm" ? "on a filesystem the compute nodes share" : undefined}>
            {input("remoteDir")}
          </Field>
          <Field label="Threads per job">{input("threads", { type: "number" })}</Field>
        </div>
      )}

      {f.kind === "slurm" && (
        <div className="grid gap-3 md:grid-cols-4">
          <Field label="Partition">{input("partition")}</Field>
          <Field label="Account">{input("account")}</Field>
          <Field label="GPUs per job">{input("gpus", { type: "number" })}</Field>
          <Field label="CPUs per job">{input("cpus", { type: "number" })}</Field>
          <Field label="Memory" hint="e.g. 32G">
            {input("memory")}
          </Field>
          <Field label="Time limit" hint="minutes or HH:MM:SS">
            {input("timeLimit")}
          </Field>
          <Field label="Modules" hint="module load …, space-separated">
            {input("modules")}
          </Field>
          <div className="md:col-span-4">
            <Field label="Setup lines" hint="run before the worker, one per line (conda activate …)">
              <textarea
                name="setupLines"
                className={`${field} h-14 font-mono text-[11px]`}
                value={f.setupLines}
                onChange={(e) => set("setupLines")(e.target.value)}
              />
            </Field>
          </div>
        </div>
      )}

      {f.kind === "cloud" && (
        <div className="grid gap-3 md:grid-cols-4">
          <Field label="Cloud" hint="aws, gcp, kubernetes … empty: cheapest">
            {input("cloud")}
          </Field>
          <Field label="Accelerators" hint="e.g. A100:1">
            {input("accelerators")}
          </Field>
          <Field label="Region">{input("region")}</Field>
          <label className="mt-5 flex items-center gap-2 text-xs">
            <input
              type="checkbox"
              name="useSpot"
              checked={f.useSpot}
              onChange={(e) => set("useSpot")(e.target.checked)}
            />{" "}
            spot instances
          </label>
          <div className="md:col-span-4">
            <Field label="Setup" hint="SkyPilot task setup (pip install …)">
              <textarea
                name="setup"
                className={`${field} h-14 font-mono text-[11px]`}
                value={f.setup}
                onChange={(e) => set("setup")(e.target.value)}
              />
            </Field>
          </div>
        </div>
      )}

      <Field label="Environment" hint="KEY=VALUE per line (HF_HOME, CUDA_VISIBLE_DEVICES …)">
        <textarea
          name="env"
          className={`${field} h-12 font-mono text-[11px]`}
          value={f.env}
          onChange={(e) => set("env")(e.target.value)}
        />
      </Field>

      {(formError ?? serverError) && <ErrorNote>{formError ?? serverError}</ErrorNote>}
      <div className="flex gap-2">
        <Button type="submit" variant="primary" disabled={pending}>
          {pending ? "Saving…" : editing ? "Save" : "Add runner"}
        </Button>
        <Button onClick={onCancel}>Cancel</Button>
      </div>
    </form>
  );
}
