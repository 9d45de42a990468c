/**
 * Puts the Python worker package on a remote host once per version: the files go over SFTP into
 * `<root>/.trex-worker/<content hash>/trex_worker`, and a marker file says the copy is complete.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { RunnerError } from "../errors.ts";
import type { CommandHost } from "./command-host.ts";

function listWorkerFiles(packageDir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(packageDir, rel), { withFileTypes: true })) {
      if (entry.name === "__pycache__" || entry.name.startsWith(".")) continue;
      const r = path.posix.join(rel, entry.name);
      if (entry.isDirectory()) walk(r);
      else if (/\.(py|json|txt|jsonl)$/.test(entry.name)) out.push(r);
    }
  };
  walk("");
  return out.sort();
}

/** @returns the remote folder to put on PYTHONPATH */
export async function uploadWorker(host: CommandHost, remoteRoot: string, localWorkerDir: string): Promise<string> {
  const packageDir = path.join(localWorkerDir, "trex_worker");
  if (!fs.existsSync(packageDir)) throw new RunnerError(`the worker package is missing at ${packageDir}`);
  const files = listWorkerFiles(packageDir);
  const hash = crypto.createHash("sha256");
  const contents = files.map((f) => {
    const data = fs.readFileSync(path.join(packageDir, f));
    hash.update(f).update("\0").update(data).update("\0");
    return data;
  });
  const target = path.posix.join(remoteRoot, ".trex-worker", hash.digest("hex").slice(0, 16));
  const marker = path.posix.join(target, ".complete");
  if ((await host.fileSize(marker)) !== null) return target;
  const dirs = [...new Set(files.map((f) => path.posix.join(target, "trex_worker", path.posix.dirname(f))))];
  const made = await host.exec(["mkdir", "-p", "--", ...dirs], { idempotent: true });
  if (made.code !== 0) throw new RunnerError(`cannot create ${target}: ${made.stderr.trim() || `exit ${made.code}`}`);
  for (const [i, f] of files.entries()) {
    const data = contents[i];
    if (data) await host.writeFile(path.posix.join(target, "trex_worker", f), data);
  }
  await host.writeFile(marker, `${files.length} files\n`);
  return target;
}
