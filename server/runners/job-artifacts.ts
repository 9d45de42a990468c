/**
 * The files a job leaves in its folder (checkpoint, events, result, logs), listed and read through the
 * runner's command host: the same code for this machine, an SSH box and a Slurm cluster's shared folder.
 * A path is served only if the listing contains it, so nothing outside the job folder can be named.
 */
import path from "node:path";
import type { CommandHost } from "./host/command-host.ts";
import { RunnerError } from "./errors.ts";

export interface Artifact {
  /** relative to the job folder, `/`-separated */
  path: string;
  bytes: number;
}

const MAX_FILES = 500;

/** `find -P` lists regular files only and never follows a symlink out of the folder. */
export async function listJobArtifacts(host: CommandHost, workDir: string): Promise<Artifact[]> {
  if (!workDir) return [];
  const r = await host.exec(["find", "-P", workDir, "-type", "f", "-printf", "%P\\t%s\\n"], {
    idempotent: true,
    timeoutMs: 30_000,
  });
  if (r.code !== 0) {
    if (/No such file/.test(r.stderr)) return [];
    throw new RunnerError(
      `cannot list the job folder on ${host.label}: ${r.stderr.trim().slice(-300) || `exit ${r.code}`}`,
    );
  }
  const files: Artifact[] = [];
  for (const line of r.stdout.split("\n")) {
    const tab = line.lastIndexOf("\t");
    if (tab <= 0) continue;
    files.push({ path: line.slice(0, tab), bytes: Number(line.slice(tab + 1)) });
  }
  return files.sort((a, b) => a.path.localeCompare(b.path)).slice(0, MAX_FILES);
}

/** A relative path that stays inside the folder, or a RunnerError. */
export function checkArtifactPath(rel: string): string {
  const clean = path.posix.normalize(rel);
  if (!rel || rel.includes("\0") || path.posix.isAbsolute(rel) || clean.startsWith("..") || clean !== rel) {
    throw new RunnerError(`not a file of this job: ${JSON.stringify(rel.slice(0, 200))}`);
  }
  return clean;
}

/** The file in chunks, so a multi-gigabyte checkpoint never sits in memory. */
export async function* readJobArtifact(
  host: CommandHost,
  workDir: string,
  rel: string,
  chunkBytes = 4 * 1024 * 1024,
): AsyncGenerator<Buffer> {
  const file = path.posix.join(workDir, checkArtifactPath(rel));
  for (let offset = 0; ;) {
    const chunk = await host.readFile(file, offset, chunkBytes);
    if (!chunk || chunk.length === 0) return;
    yield chunk;
    offset += chunk.length;
    if (chunk.length < chunkBytes) return;
  }
}
