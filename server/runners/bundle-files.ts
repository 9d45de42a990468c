/**
 * The files a job carries (a user's dataset …) next to job.json. Every runner checks them here before it
 * writes anything: each lands inside the job folder, on a plain relative path that no shell, filesystem or
 * object store reads differently, and never on a file the runner or the worker owns.
 */
import { type BundleFile } from "./types.ts";
import { RunnerError } from "./errors.ts";

const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
const MAX_SEGMENTS = 3;

/** what the runners and the worker write at the top of a job folder (compared case-insensitively: macOS, Windows shares) */
export const RESERVED_TOP_LEVEL = [
  "job.json",
  "events.jsonl",
  "result.json",
  "worker.log",
  "job.sbatch",
  "pid",
  "checkpoint",
] as const;
const RESERVED = new Set<string>(RESERVED_TOP_LEVEL);

function refuse(file: string, why: string): never {
  throw new RunnerError(`bundle file ${JSON.stringify(file)} refused: ${why}`);
}

/** The segments of one bundle path, or a RunnerError saying what is wrong with it. */
export function bundlePathSegments(file: string): string[] {
  if (typeof file !== "string" || file === "") refuse(String(file), "empty path");
  if (file.startsWith("/")) refuse(file, "absolute paths are not allowed (paths are relative to the job folder)");
  const segments = file.split("/");
  if (segments.length > MAX_SEGMENTS) refuse(file, `at most ${MAX_SEGMENTS} path segments`);
  for (const s of segments) {
    if (s === "") refuse(file, "empty path segment");
    if (s === "." || s === "..") refuse(file, `"${s}" segments are not allowed`);
    if (!SEGMENT.test(s))
      refuse(
        file,
        `segment ${JSON.stringify(s)} must start with a letter or digit and use only letters, digits, ".", "_" and "-" (at most 100 characters)`,
      );
  }
  const top = segments[0]?.toLowerCase() ?? "";
  if (RESERVED.has(top)) refuse(file, `${segments[0] ?? ""} belongs to the runner or the worker`);
  return segments;
}

/** Checks every path and that no two files collide (same path, or one path a folder of another); throws RunnerError. */
export function checkBundleFiles(files: readonly BundleFile[]): void {
  const seen = new Map<string, string>();
  for (const f of files) {
    bundlePathSegments(f.path);
    if (!Buffer.isBuffer(f.data)) refuse(f.path, "its data is not a Buffer");
    if (f.sha256 !== undefined && !/^[0-9a-f]{64}$/.test(f.sha256))
      refuse(f.path, "its sha256 is not 64 lowercase hex digits");
    const key = f.path.toLowerCase();
    const twin = seen.get(key);
    if (twin !== undefined)
      refuse(
        f.path,
        twin === f.path ? "listed twice" : `same file as ${JSON.stringify(twin)} on a case-insensitive filesystem`,
      );
    seen.set(key, f.path);
  }
  for (const [key, original] of seen) {
    const parts = key.split("/");
    for (let i = 1; i < parts.length; i++) {
      const folder = seen.get(parts.slice(0, i).join("/"));
      if (folder !== undefined) refuse(folder, `it is a file, but ${JSON.stringify(original)} needs it to be a folder`);
    }
  }
}

/** The folders the files go in (relative, parents before children), for one mkdir -p each. */
export function bundleFolders(files: readonly BundleFile[]): string[] {
  const folders = new Set<string>();
  for (const f of files) {
    const i = f.path.lastIndexOf("/");
    if (i > 0) folders.add(f.path.slice(0, i));
  }
  return [...folders].sort();
}
