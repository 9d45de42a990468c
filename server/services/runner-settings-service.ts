/**
 * Use cases of the runner settings page: list, add, edit, remove and test ("connect and run the worker's
 * self-check"). Secrets are encrypted at rest and never leave the server: the browser sees `hasSecret` only.
 */
import { z } from "zod";
import type { Db } from "../db.ts";
import {
  countActiveJobsOfRunner,
  countLiveExplorationsOfRunner,
  deleteRunnerConfig,
  findRunnerConfig,
  findRunnerConfigByName,
  insertRunnerConfig,
  listRunnerConfigs,
  updateRunnerConfig,
  type RunnerConfigRow,
} from "../repositories/runner-config-repository.ts";
import { parseRunnerConfig, type RunnerConfig } from "../runners/runner-config.ts";
import { BUILTIN_RUNNER, forgetRunner, getRunner } from "./runner-registry.ts";
import { encodeRunnerConfig, publicRunnerSettings, storedRunnerConfig } from "../runners/stored-runner-config.ts";
import { type RunnerCheckReport } from "../runners/types.ts";
import { RunnerError } from "../runners/errors.ts";
import { ConflictError, InvalidInputError, NotFoundError } from "../domain/errors.ts";

export const runnerNameSchema = z
  .string()
  .trim()
  .min(1, "give the runner a name")
  .max(64, "at most 64 characters")
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "letters, digits, . _ - only, starting with a letter or digit")
  .refine((n) => n !== BUILTIN_RUNNER, `"${BUILTIN_RUNNER}" is the built-in runner`);

const CHECK_TIMEOUT_MS = 150_000;

export interface RunnerCheck extends RunnerCheckReport {
  at: string;
}

export interface RunnerView {
  id: string | null;
  name: string;
  kind: RunnerConfig["kind"];
  builtin: boolean;
  /** stored settings without secrets */
  settings: Record<string, unknown>;
  /** a private key or passphrase is stored (encrypted) */
  hasSecret: boolean;
  concurrency: number;
  activeJobs: number;
  lastCheck: RunnerCheck | null;
  updatedAt: string | null;
}

function parseCheck(raw: string | null): RunnerCheck | null {
  if (!raw) return null;
  try {
    return JSON.parse(raw) as RunnerCheck;
  } catch {
    return null;
  }
}

async function viewOf(db: Db, row: RunnerConfigRow): Promise<RunnerView> {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind as RunnerConfig["kind"],
    builtin: false,
    settings: publicRunnerSettings(row),
    hasSecret: row.secretEncrypted !== null,
    concurrency: row.concurrency,
    activeJobs: await countActiveJobsOfRunner(db, row.name),
    lastCheck: parseCheck(row.lastCheck),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The built-in local runner first, then the configured ones by name. */
export async function listRunners(db: Db): Promise<RunnerView[]> {
  const local = await getRunner(db, BUILTIN_RUNNER);
  const builtin: RunnerView = {
    id: null,
    name: BUILTIN_RUNNER,
    kind: "local",
    builtin: true,
    settings: { kind: "local", concurrency: local.concurrency },
    hasSecret: false,
    concurrency: local.concurrency,
    activeJobs: await countActiveJobsOfRunner(db, BUILTIN_RUNNER),
    lastCheck: null,
    updatedAt: null,
  };
  const rows = await listRunnerConfigs(db);
  return [builtin, ...(await Promise.all(rows.map((r) => viewOf(db, r))))];
}

/** What every member may know of a runner to pick one: never its host, user, paths, environment or check text. */
export interface RunnerSummary {
  name: string;
  kind: RunnerConfig["kind"];
  builtin: boolean;
  health: "ok" | "failing" | "unchecked";
}

export async function listRunnerSummaries(db: Db): Promise<RunnerSummary[]> {
  return (await listRunners(db)).map((r) => ({
    name: r.name,
    kind: r.kind,
    builtin: r.builtin,
    health: r.lastCheck ? (r.lastCheck.ok ? "ok" : "failing") : "unchecked",
  }));
}

/** Names an exploration may run on. */
export async function runnerExists(db: Db, name: string): Promise<boolean> {
  return name === BUILTIN_RUNNER || (await findRunnerConfigByName(db, name)) !== null;
}

function validated(config: unknown): RunnerConfig {
  try {
    return parseRunnerConfig(config);
  } catch (e) {
    if (e instanceof RunnerError) throw new InvalidInputError(e.message);
    throw e;
  }
}

export async function addRunner(db: Db, input: { name: string; config: unknown }): Promise<RunnerView> {
  const name = runnerNameSchema.safeParse(input.name);
  if (!name.success) throw new InvalidInputError(`name: ${name.error.issues[0]?.message ?? "invalid"}`);
  if (await findRunnerConfigByName(db, name.data))
    throw new ConflictError(`a runner called "${name.data}" exists already`);
  const stored = encodeRunnerConfig(validated(input.config));
  const row = await insertRunnerConfig(db, { name: name.data, ...stored });
  return viewOf(db, row);
}

async function rowOrThrow(db: Db, id: string): Promise<RunnerConfigRow> {
  const row = await findRunnerConfig(db, id);
  if (!row) throw new NotFoundError(`runner ${id} not found`);
  return row;
}

/**
 * New settings for a runner. Secrets left empty keep the stored ones (the browser never has them to send back);
 * `clearSecrets` removes them.
 */
export async function editRunner(
  db: Db,
  id: string,
  input: { config: unknown; clearSecrets?: boolean },
): Promise<RunnerView> {
  const row = await rowOrThrow(db, id);
  const previous = storedRunnerConfig(row);
  const incoming = input.config as { kind?: string; ssh?: Record<string, unknown> } | null;
  if (!incoming || typeof incoming !== "object") throw new InvalidInputError("settings: expected an object");
  if (incoming.kind !== row.kind)
    throw new InvalidInputError(`settings: the kind of a runner cannot change (${row.kind}); add a new runner instead`);
  let merged: unknown = incoming;
  const oldSsh = (previous.kind === "ssh" || previous.kind === "slurm") && previous.ssh ? previous.ssh : undefined;
  if (incoming.ssh && oldSsh && !input.clearSecrets) {
    const blank = (v: unknown) => v === undefined || v === null || v === "";
    merged = {
      ...incoming,
      ssh: {
        ...incoming.ssh,
        privateKey: blank(incoming.ssh.privateKey) ? oldSsh.privateKey : incoming.ssh.privateKey,
        passphrase: blank(incoming.ssh.passphrase) ? oldSsh.passphrase : incoming.ssh.passphrase,
        // a host key trusted since the form was loaded is kept unless the user edited known_hosts
        knownHosts: blank(incoming.ssh.knownHosts) ? oldSsh.knownHosts : incoming.ssh.knownHosts,
      },
    };
  }
  const stored = encodeRunnerConfig(validated(merged));
  const updated = await updateRunnerConfig(db, id, { ...stored, lastCheck: null });
  forgetRunner(row.name);
  return viewOf(db, updated);
}

/** Refused while jobs run on it: they would be lost. */
export async function removeRunner(db: Db, id: string): Promise<void> {
  const row = await rowOrThrow(db, id);
  const active = await countActiveJobsOfRunner(db, row.name);
  if (active > 0)
    throw new ConflictError(
      `${active} job${active === 1 ? " is" : "s are"} running on "${row.name}"; stop them or wait before removing it`,
    );
  const running = await countLiveExplorationsOfRunner(db, row.name);
  if (running > 0)
    throw new ConflictError(
      `${running} open exploration${running === 1 ? " uses" : "s use"} "${row.name}"; stop ${running === 1 ? "it" : "them"} first`,
    );
  await deleteRunnerConfig(db, id);
  forgetRunner(row.name);
}

/** Connects and runs the worker's self-check; the outcome is stored and shown, failures included. */
export async function testRunner(db: Db, name: string): Promise<RunnerCheck> {
  const row = name === BUILTIN_RUNNER ? null : await findRunnerConfigByName(db, name);
  if (name !== BUILTIN_RUNNER && !row) throw new NotFoundError(`runner "${name}" not found`);
  let report: RunnerCheckReport;
  try {
    const runner = await getRunner(db, name);
    if (!runner.check) throw new RunnerError(`the ${runner.kind} runner has no self-check`);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new RunnerError(`no answer within ${CHECK_TIMEOUT_MS / 1000} s`)),
        CHECK_TIMEOUT_MS,
      );
    });
    report = await Promise.race([runner.check(), timeout]).finally(() => clearTimeout(timer));
  } catch (e) {
    report = { ok: false, message: (e as Error).message };
  }
  const check: RunnerCheck = { ...report, at: new Date().toISOString() };
  if (row) await updateRunnerConfig(db, row.id, { lastCheck: JSON.stringify(check) });
  return check;
}
