/**
 * Finds the runner an exploration or a job names. "local" is the built-in runner of this machine; any other
 * name is a runner configured in the settings (the RunnerConfig table), built once per stored version.
 */
import path from "node:path";
import type { Db } from "../db.ts";
import { env } from "../env.ts";
import {
  findRunnerConfigByName,
  updateRunnerConfig,
  type RunnerConfigRow,
} from "../repositories/runner-config-repository.ts";
import { createRunner, type RunnerDeps } from "../runners/create-runner.ts";
import { encodeRunnerConfig, storedRunnerConfig } from "../runners/stored-runner-config.ts";
import { type Runner } from "../runners/types.ts";
import { RunnerError } from "../runners/errors.ts";
import { runnerGpuMemoryGiB } from "../runners/gpu-memory.ts";

export const BUILTIN_RUNNER = "local";

interface Cached {
  /** the stored settings it was built from */
  version: string;
  runner: Runner;
}
const g = globalThis as unknown as { __trexRunners?: Map<string, Runner>; __trexConfigured?: Map<string, Cached> };

export function workerDir(): string {
  return path.join(process.cwd(), "worker");
}

export function runnerDeps(onHostKeyRecorded?: RunnerDeps["onHostKeyRecorded"]): RunnerDeps {
  return { localWorkerDir: workerDir(), localJobsDir: env.jobsDir, localPython: env.TREX_PYTHON, onHostKeyRecorded };
}

function builtinRunner(): Runner {
  return createRunner(
    { kind: "local", jobsDir: env.jobsDir, concurrency: env.TREX_LOCAL_CONCURRENCY, threads: env.TREX_LOCAL_THREADS },
    runnerDeps(),
  );
}

/** The runner called `name`; a RunnerError when no such runner is configured (its jobs are then lost). */
export async function getRunner(db: Db, name: string): Promise<Runner> {
  g.__trexRunners ??= new Map();
  const registered = g.__trexRunners.get(name);
  if (registered) return registered;
  if (name === BUILTIN_RUNNER) {
    const runner = builtinRunner();
    g.__trexRunners.set(name, runner);
    return runner;
  }
  const row = await findRunnerConfigByName(db, name);
  if (!row) throw new RunnerError(`runner "${name}" is not configured on this server`);
  return configuredRunner(db, row);
}

const versionOf = (row: RunnerConfigRow) => `${row.settings}\u0000${row.secretEncrypted ?? ""}`;

function configuredRunner(db: Db, row: RunnerConfigRow): Runner {
  g.__trexConfigured ??= new Map();
  const version = versionOf(row);
  const cached = g.__trexConfigured.get(row.name);
  if (cached?.version === version) return cached.runner;
  void cached?.runner.close?.();
  const config = storedRunnerConfig(row);
  const entry: Cached = { version, runner: undefined as unknown as Runner };
  entry.runner = createRunner(
    config,
    runnerDeps(async (knownHosts) => {
      // trust on first use: the recorded key goes into the stored settings, so the next connection checks it
      if ((config.kind !== "ssh" && config.kind !== "slurm") || !config.ssh) return;
      config.ssh.knownHosts = knownHosts;
      const updated = await updateRunnerConfig(db, row.id, { settings: encodeRunnerConfig(config).settings });
      entry.version = versionOf(updated); // same settings otherwise: keep this runner and its connection
    }),
  );
  g.__trexConfigured.set(row.name, entry);
  return entry.runner;
}

/** The memory of one GPU of the runner called `name`, when its settings say (null for the built-in runner). */
export async function runnerGpuMemory(db: Db, name: string): Promise<number | null> {
  if (name === BUILTIN_RUNNER) return null;
  const row = await findRunnerConfigByName(db, name);
  return row ? runnerGpuMemoryGiB(storedRunnerConfig(row)) : null;
}

/** Settings changed or were removed: the next use builds the runner again. */
export function forgetRunner(name: string): void {
  const cached = g.__trexConfigured?.get(name);
  void cached?.runner.close?.();
  g.__trexConfigured?.delete(name);
}

/** Tests and benchmarks put their own runner in place under its kind's name (or the name of a configured runner). */
export function registerRunner(runner: Runner, name: string = runner.kind): void {
  g.__trexRunners ??= new Map();
  g.__trexRunners.set(name, runner);
}

/** Puts back the built-in runner after a test's own (registerRunner). */
export function unregisterRunner(name: string): void {
  g.__trexRunners?.delete(name);
}
