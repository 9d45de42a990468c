/**
 * The runner form's state and its translation to runner settings (server/runners/runner-config.ts validates
 * them, with one message naming the field). Pure: unit-tested, used by the settings page.
 */
import { CONFIGURABLE_RUNNER_KINDS, type ConfigurableRunnerKind } from "@/server/contract/runner-kinds";

/** one definition of the kinds (server/contract/runner-kinds.ts); the local runner is built in, never added here */
export const RUNNER_KINDS = CONFIGURABLE_RUNNER_KINDS;
export type RunnerKind = ConfigurableRunnerKind;

export interface RunnerForm {
  name: string;
  kind: RunnerKind;
  concurrency: string;
  python: string;
  threads: string;
  /** GiB of one GPU; empty: not declared */
  gpuMemoryGiB: string;
  /** KEY=VALUE lines */
  env: string;
  /** slurm: run sbatch/squeue over SSH instead of on this machine */
  overSsh: boolean;
  host: string;
  port: string;
  user: string;
  /** empty on edit: keep the stored key */
  privateKey: string;
  passphrase: string;
  agentSocket: string;
  hostKeyPolicy: "accept-new" | "strict";
  knownHosts: string;
  remoteDir: string;
  partition: string;
  account: string;
  gpus: string;
  cpus: string;
  memory: string;
  timeLimit: string;
  /** comma- or space-separated */
  modules: string;
  /** one shell line each */
  setupLines: string;
  cloud: string;
  accelerators: string;
  region: string;
  useSpot: boolean;
  setup: string;
}

export const EMPTY_RUNNER_FORM: RunnerForm = {
  name: "",
  kind: "ssh",
  concurrency: "1",
  python: "python3",
  threads: "4",
  gpuMemoryGiB: "",
  env: "",
  overSsh: true,
  host: "",
  port: "22",
  user: "",
  privateKey: "",
  passphrase: "",
  agentSocket: "",
  hostKeyPolicy: "accept-new",
  knownHosts: "",
  remoteDir: "~/trex-jobs",
  partition: "",
  account: "",
  gpus: "1",
  cpus: "8",
  memory: "",
  timeLimit: "",
  modules: "",
  setupLines: "",
  cloud: "",
  accelerators: "",
  region: "",
  useSpot: false,
  setup: "",
};

const text = (v: string) => (v.trim() === "" ? undefined : v.trim());
const int = (v: string) => (v.trim() === "" ? undefined : Number(v));
const lines = (v: string) =>
  v
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);

/** "KEY=VALUE" lines → object; a line without "=" is reported, not dropped */
export function parseEnvLines(v: string): { env: Record<string, string>; error?: string } {
  const env: Record<string, string> = {};
  for (const line of lines(v)) {
    const eq = line.indexOf("=");
    if (eq <= 0) return { env, error: `environment: "${line}" is not KEY=VALUE` };
    env[line.slice(0, eq).trim()] = line.slice(eq + 1);
  }
  return { env };
}

function sshPart(f: RunnerForm): Record<string, unknown> {
  return dropUndefined({
    host: text(f.host),
    port: int(f.port),
    user: text(f.user),
    privateKey: f.privateKey.trim() ? f.privateKey : undefined,
    passphrase: f.passphrase || undefined,
    agentSocket: text(f.agentSocket),
    hostKeyPolicy: f.hostKeyPolicy,
    knownHosts: f.knownHosts.trim() ? f.knownHosts : undefined,
  });
}

function dropUndefined(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

/** The settings object the server validates; `error` for what the form itself can tell. */
export function toRunnerConfig(f: RunnerForm): { config: Record<string, unknown>; error?: string } {
  const { env, error } = parseEnvLines(f.env);
  const common = dropUndefined({
    kind: f.kind,
    concurrency: int(f.concurrency),
    python: text(f.python),
    threads: int(f.threads),
    gpuMemoryGiB: int(f.gpuMemoryGiB),
    env,
  });
  let config: Record<string, unknown>;
  switch (f.kind) {
    case "ssh":
      config = { ...common, ssh: sshPart(f), ...dropUndefined({ remoteDir: text(f.remoteDir) }) };
      break;
    case "slurm":
      config = {
        ...common,
        ...(f.overSsh ? { ssh: sshPart(f) } : {}),
        ...dropUndefined({
          remoteDir: text(f.remoteDir),
          partition: text(f.partition),
          account: text(f.account),
          gpus: int(f.gpus),
          cpus: int(f.cpus),
          memory: text(f.memory),
          timeLimit: text(f.timeLimit),
        }),
        modules: f.modules.split(/[\s,]+/).filter(Boolean),
        setupLines: lines(f.setupLines),
      };
      break;
    case "cloud":
      config = {
        ...common,
        ...dropUndefined({
          cloud: text(f.cloud),
          accelerators: text(f.accelerators),
          region: text(f.region),
          setup: f.setup.trim() ? f.setup : undefined,
        }),
        useSpot: f.useSpot,
      };
      break;
  }
  return { config, error };
}

const str = (v: unknown, fallback = "") => (v === undefined || v === null ? fallback : String(v));

/** Stored (secret-free) settings → the form, for editing. Secrets stay empty: empty keeps the stored ones. */
export function fromRunnerSettings(name: string, settings: Record<string, unknown>): RunnerForm {
  const ssh = (settings.ssh ?? undefined) as Record<string, unknown> | undefined;
  const kind = (RUNNER_KINDS as readonly string[]).includes(str(settings.kind)) ? (settings.kind as RunnerKind) : "ssh";
  const env = (settings.env ?? {}) as Record<string, string>;
  return {
    ...EMPTY_RUNNER_FORM,
    name,
    kind,
    concurrency: str(settings.concurrency, EMPTY_RUNNER_FORM.concurrency),
    python: str(settings.python, EMPTY_RUNNER_FORM.python),
    threads: str(settings.threads, EMPTY_RUNNER_FORM.threads),
    gpuMemoryGiB: str(settings.gpuMemoryGiB),
    env: Object.entries(env)
      .map(([k, v]) => `${k}=${v}`)
      .join("\n"),
    overSsh: ssh !== undefined,
    host: str(ssh?.host),
    port: str(ssh?.port, "22"),
    user: str(ssh?.user),
    agentSocket: str(ssh?.agentSocket),
    hostKeyPolicy: ssh?.hostKeyPolicy === "strict" ? "strict" : "accept-new",
    knownHosts: str(ssh?.knownHosts),
    remoteDir: str(settings.remoteDir, EMPTY_RUNNER_FORM.remoteDir),
    partition: str(settings.partition),
    account: str(settings.account),
    gpus: str(settings.gpus, EMPTY_RUNNER_FORM.gpus),
    cpus: str(settings.cpus, EMPTY_RUNNER_FORM.cpus),
    memory: str(settings.memory),
    timeLimit: str(settings.timeLimit),
    modules: ((settings.modules ?? []) as string[]).join(" "),
    setupLines: ((settings.setupLines ?? []) as string[]).join("\n"),
    cloud: str(settings.cloud),
    accelerators: str(settings.accelerators),
    region: str(settings.region),
    useSpot: settings.useSpot === true,
    setup: str(settings.setup),
  };
}
