/**
 * Settings of each runner kind: the one zod owner (the settings UI and the database store this shape).
 * Secrets here (private key, passphrase) are encrypted at rest by whoever stores them and never sent back
 * to the browser; `redactRunnerConfig` gives the browser-safe view.
 */
import { z } from "zod";
import { SLURM_PATTERNS } from "./slurm/sbatch-script.ts";
import { SKY_PATTERNS } from "./cloud/skypilot-yaml.ts";
import { RunnerError } from "./errors.ts";

/** one line of text, no control characters: paths, commands, names */
const line = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .refine(
      (v) => ![...v].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f),
      "must be one line without control characters",
    );

const hostName = z
  .string()
  .min(1)
  .max(253)
  .regex(
    /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?|[0-9A-Fa-f:.]+)$/,
    "must be a host name or an IP address",
  );

export const sshConnectionSchema = z
  .object({
    host: hostName,
    port: z.number().int().min(1).max(65535).default(22),
    user: z
      .string()
      .min(1)
      .max(64)
      .regex(/^[A-Za-z0-9_.][A-Za-z0-9_.-]*$/, "must be a plain user name"),
    /** OpenSSH or PEM private key */
    privateKey: z.string().max(20_000).optional(),
    passphrase: z.string().max(1000).optional(),
    /** ssh-agent socket (SSH_AUTH_SOCK) on the TREX server */
    agentSocket: line(1000).optional(),
    /** OpenSSH known_hosts text; a first-use key is appended (policy accept-new) */
    knownHosts: z.string().max(200_000).default(""),
    hostKeyPolicy: z.enum(["strict", "accept-new"]).default("accept-new"),
    connectTimeoutMs: z.number().int().min(1000).max(120_000).default(20_000),
  })
  .refine((s) => Boolean(s.privateKey?.trim() || s.agentSocket), {
    message: "give a private key or an ssh-agent socket",
  });
export type SshConnectionSettings = z.infer<typeof sshConnectionSchema>;

const workerFields = {
  concurrency: z.number().int().min(1).max(512).default(2),
  /** python on the machine that runs the worker */
  python: line(500).default("python3"),
  /** CPU threads per job (torch, OpenMP) */
  threads: z.number().int().min(1).max(256).default(1),
  /** memory of one of its GPUs in GiB: plan review fits plans to it (unset: a cloud runner's is read from its accelerator name) */
  gpuMemoryGiB: z.number().positive().max(4096).optional(),
  /** extra environment of the worker (HF_HOME, CUDA_VISIBLE_DEVICES …) */
  env: z
    .record(z.string().regex(SLURM_PATTERNS.envName, "must be a valid variable name"), z.string().max(4000))
    .default({}),
};

const remotePath = line(1000).refine(
  (p) => p.startsWith("/") || p === "~" || p.startsWith("~/"),
  "must be absolute or start with ~/",
);

export const localRunnerConfigSchema = z.object({
  kind: z.literal("local"),
  jobsDir: line(1000).optional(),
  ...workerFields,
  /** unset: TREX_PYTHON, the worker's virtual environment built by scripts/setup.sh */
  python: line(500).optional(),
});

export const sshRunnerConfigSchema = z.object({
  kind: z.literal("ssh"),
  ssh: sshConnectionSchema,
  remoteDir: remotePath.default("~/trex-jobs"),
  /** PYTHONPATH where trex_worker is installed on the host; unset: TREX uploads its worker */
  remoteWorkerDir: remotePath.optional(),
  ...workerFields,
});

export const slurmRunnerConfigSchema = z.object({
  kind: z.literal("slurm"),
  /** unset: Slurm's commands run on this machine */
  ssh: sshConnectionSchema.optional(),
  /** jobs root on a filesystem shared with the compute nodes */
  remoteDir: remotePath.default("~/trex-jobs"),
  remoteWorkerDir: remotePath.optional(),
  partition: z.string().regex(SLURM_PATTERNS.partition, "must be a partition name (letters, digits, _ . -)").optional(),
  account: z.string().regex(SLURM_PATTERNS.account, "must be an account name").optional(),
  qos: z.string().regex(SLURM_PATTERNS.qos, "must be a QOS name").optional(),
  constraint: z.string().max(500).regex(SLURM_PATTERNS.constraint, "must be a Slurm constraint expression").optional(),
  gpus: z.number().int().min(0).max(64).default(0),
  gpuType: z.string().regex(SLURM_PATTERNS.gpuType, "must be a GPU type name").optional(),
  cpus: z.number().int().min(1).max(1024).default(1),
  memory: z.string().regex(SLURM_PATTERNS.memory, "must look like 16G or 500M").optional(),
  timeLimit: z.string().regex(SLURM_PATTERNS.timeLimit, "must be minutes, HH:MM:SS or D-HH:MM:SS").optional(),
  modules: z.array(z.string().regex(SLURM_PATTERNS.module, "must be a module name")).max(50).default([]),
  /** shell lines run before the worker (conda activate, container setup): administrator-written code */
  setupLines: z
    .array(z.string().max(2000).regex(SLURM_PATTERNS.setupLine, "must be a single line"))
    .max(50)
    .default([]),
  requeue: z.boolean().default(true),
  /** JobCompLoc when JobCompType=jobcomp/filetxt: the record of jobs Slurm no longer remembers */
  jobcompFile: remotePath.optional(),
  /** SLURM_CONF for the Slurm commands, when not the system default */
  slurmConf: remotePath.optional(),
  ...workerFields,
});

export const cloudRunnerConfigSchema = z.object({
  kind: z.literal("cloud"),
  /** the SkyPilot CLI on this machine */
  skyCommand: line(500).default("sky"),
  cloud: z.string().regex(SKY_PATTERNS.name, "must be a cloud name such as aws, gcp, kubernetes").optional(),
  accelerators: z.string().regex(SKY_PATTERNS.accelerators, "must look like A100:1 or H100:8").optional(),
  cpus: z.string().regex(SKY_PATTERNS.amount, "must look like 4 or 4+").optional(),
  memory: z.string().regex(SKY_PATTERNS.amount, "must look like 32 or 32+").optional(),
  useSpot: z.boolean().default(false),
  diskSize: z.number().int().min(10).max(65_536).optional(),
  region: z.string().regex(SKY_PATTERNS.name, "must be a region name").optional(),
  imageId: line(500).optional(),
  /** shell lines of the task's setup (install torch …): administrator-written code */
  setup: z.string().max(20_000).optional(),
  /** where bundles are staged on this machine before `sky jobs launch` uploads them */
  stagingDir: line(1000).optional(),
  ...workerFields,
});

export const runnerConfigSchema = z.discriminatedUnion("kind", [
  localRunnerConfigSchema,
  sshRunnerConfigSchema,
  slurmRunnerConfigSchema,
  cloudRunnerConfigSchema,
]);
export type RunnerConfig = z.infer<typeof runnerConfigSchema>;

/** Parses settings with one clear message for the first problem. */
export function parseRunnerConfig(input: unknown): RunnerConfig {
  const parsed = runnerConfigSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join(".") : "settings";
    // a bad record key carries its own reason one level down
    const inner =
      issue && "issues" in issue && Array.isArray(issue.issues)
        ? (issue.issues[0] as { message?: string } | undefined)?.message
        : undefined;
    throw new RunnerError(`invalid runner settings: ${where}: ${inner ?? issue?.message ?? "invalid"}`);
  }
  return parsed.data;
}

/** The settings without secrets, for the browser. */
export function redactRunnerConfig(config: RunnerConfig): RunnerConfig {
  if ((config.kind !== "ssh" && config.kind !== "slurm") || !config.ssh) return config;
  const { privateKey, passphrase, ...rest } = config.ssh;
  return {
    ...config,
    ssh: {
      ...rest,
      ...(privateKey ? { privateKey: "(stored)" } : {}),
      ...(passphrase ? { passphrase: "(stored)" } : {}),
    },
  };
}
