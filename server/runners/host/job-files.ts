/** A job folder on a CommandHost: the bundle in, events/log/result out. Shared by the SSH and Slurm runners. */
import path from "node:path";
import { parseEventLines } from "../event-lines.ts";
import { jobResultSchema, type JobResult, type WorkerJobSpec } from "../../contract/job-protocol.ts";
import { bundleFolders } from "../bundle-files.ts";
import { type BundleFile, type EventChunk } from "../types.ts";
import { RunnerError } from "../errors.ts";
import type { CommandHost } from "./command-host.ts";

const JOB_ID = /^[A-Za-z0-9_-]{1,100}$/;

export function jobDirOf(root: string, jobId: string): string {
  if (!JOB_ID.test(jobId)) throw new RunnerError(`invalid job id: ${JSON.stringify(jobId)}`);
  return path.posix.join(root, jobId);
}

/** beside the job folders: carried files by content (sha256), hard-linked into each job that carries them */
export const BUNDLE_CACHE_DIR = ".trex-bundle-cache";

/** job.json, then the files the job carries (already passed through checkBundleFiles), over the host's own file calls. */
export async function writeBundle(
  host: CommandHost,
  dir: string,
  spec: WorkerJobSpec,
  files: readonly BundleFile[] = [],
): Promise<void> {
  await host.mkdirp(dir);
  await host.writeFile(path.posix.join(dir, "job.json"), `${JSON.stringify(spec, null, 2)}\n`);
  for (const folder of bundleFolders(files)) await host.mkdirp(path.posix.join(dir, folder));
  for (const f of files) {
    const target = path.posix.join(dir, f.path);
    if (f.sha256) await placeByContent(host, dir, target, f.data, f.sha256);
    else await host.writeFile(target, f.data);
  }
}

/**
 * A file known by its sha256 is uploaded once per host into the cache (written beside it, then renamed, so the
 * cache never holds half a file) and hard-linked into the job folder; copied where links are not possible.
 */
async function placeByContent(
  host: CommandHost,
  jobDir: string,
  target: string,
  data: Buffer,
  sha256: string,
): Promise<void> {
  const cacheDir = path.posix.join(path.posix.dirname(jobDir), BUNDLE_CACHE_DIR);
  const cached = path.posix.join(cacheDir, sha256);
  if ((await host.fileSize(cached)) !== data.length) {
    await host.mkdirp(cacheDir);
    const partial = `${cached}.${path.posix.basename(jobDir)}.partial`;
    await host.writeFile(partial, data);
    const moved = await host.exec(["mv", "-f", "--", partial, cached]);
    if (moved.code !== 0)
      throw new RunnerError(
        `cannot keep ${sha256.slice(0, 12)} in ${host.label}:${cacheDir}: ${moved.stderr.trim() || `exit ${moved.code}`}`,
      );
  }
  if ((await host.exec(["ln", "-f", "--", cached, target])).code === 0) return;
  const copied = await host.exec(["cp", "--", cached, target]);
  if (copied.code !== 0)
    throw new RunnerError(`cannot place ${target} on ${host.label}: ${copied.stderr.trim() || `exit ${copied.code}`}`);
}

export async function readEvents(host: CommandHost, dir: string, offset: number): Promise<EventChunk> {
  const buf = await host.readFile(path.posix.join(dir, "events.jsonl"), offset);
  if (!buf || buf.length === 0) return { events: [], offset };
  return parseEventLines(buf.toString("utf8"), offset);
}

export async function readTail(host: CommandHost, file: string, maxBytes: number): Promise<string> {
  const size = await host.fileSize(file);
  if (size === null) return "";
  const buf = await host.readFile(file, Math.max(0, size - maxBytes), maxBytes);
  return buf ? buf.toString("utf8") : "";
}

export function parseResult(raw: string, where: string): JobResult {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new RunnerError(`result.json in ${where} is not valid JSON`);
  }
  const parsed = jobResultSchema.safeParse(json);
  if (!parsed.success)
    throw new RunnerError(
      `result.json in ${where} does not match the protocol: ${parsed.error.issues[0]?.message ?? "invalid"}`,
    );
  return parsed.data;
}

export async function readResult(host: CommandHost, dir: string): Promise<JobResult | null> {
  const buf = await host.readFile(path.posix.join(dir, "result.json"), 0, 64 * 1024 * 1024);
  if (!buf) return null;
  return parseResult(buf.toString("utf8"), `${host.label}:${dir}`);
}

/** `python -m trex_worker selfcheck` on the host; throws with the host's own words when it cannot run. */
export async function runWorkerSelfcheck(
  host: CommandHost,
  python: string,
  env: Record<string, string>,
): Promise<Record<string, unknown>> {
  const r = await host.exec([python, "-m", "trex_worker", "selfcheck"], { env, idempotent: true, timeoutMs: 120_000 });
  if (r.code !== 0)
    throw new RunnerError(
      `the worker's self-check failed on ${host.label}: ${(r.stderr || r.stdout).trim().slice(-500) || `exit ${r.code}`}`,
    );
  const last = r.stdout.trim().split("\n").pop() ?? "";
  try {
    const parsed: unknown = JSON.parse(last);
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new RunnerError(`the worker's self-check on ${host.label} printed no JSON: ${r.stdout.slice(-300)}`);
}
