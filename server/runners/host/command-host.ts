/**
 * Where a runner's commands and files live: this machine (execFile and fs, never a shell) or a remote box
 * over SSH (ssh-command-host.ts). The SSH and Slurm runners are written against this interface only.
 */
import { execFile } from "node:child_process";
import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { RunnerError } from "../errors.ts";

export interface ExecResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface ExecOptions {
  env?: Readonly<Record<string, string>>;
  timeoutMs?: number;
  /** safe to run again after a dropped connection (reads, status); submissions are not */
  idempotent?: boolean;
}

export interface CommandHost {
  /** `localhost` or `user@host:port`, for messages */
  readonly label: string;
  exec(argv: readonly string[], opts?: ExecOptions): Promise<ExecResult>;
  /** up to maxBytes from offset; null when the file does not exist */
  readFile(file: string, offset?: number, maxBytes?: number): Promise<Buffer | null>;
  fileSize(file: string): Promise<number | null>;
  writeFile(file: string, data: string | Buffer, mode?: number): Promise<void>;
  mkdirp(dir: string): Promise<void>;
  removeTree(dir: string): Promise<void>;
  /** absolute form of a configured path (`~/x` is the login user's home) */
  resolvePath(p: string): Promise<string>;
  close(): Promise<void>;
}

export const DEFAULT_EXEC_TIMEOUT_MS = 60_000;
const MAX_OUTPUT = 16 * 1024 * 1024;

/** Runs a fixed script with its inputs as positional parameters ($1, $2 …): the inputs are never parsed as code. */
export function runScript(
  host: CommandHost,
  script: string,
  args: readonly string[],
  opts?: ExecOptions,
): Promise<ExecResult> {
  return host.exec(["sh", "-c", script, "sh", ...args], opts);
}

/** A minimal environment for child processes: never the server's own secrets. */
export function baseEnv(extra: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
  return {
    NODE_ENV: "production",
    PATH: process.env.PATH ?? "/usr/local/bin:/usr/bin:/bin",
    HOME: process.env.HOME ?? os.homedir(),
    LANG: process.env.LANG ?? "C.UTF-8",
    USER: os.userInfo().username,
    ...extra,
  };
}

export class LocalCommandHost implements CommandHost {
  readonly label = "localhost";

  constructor(private readonly env: Readonly<Record<string, string>> = {}) {}

  exec(argv: readonly string[], opts: ExecOptions = {}): Promise<ExecResult> {
    const [command, ...args] = argv;
    if (!command) return Promise.reject(new RunnerError("empty command"));
    return new Promise((resolve, reject) => {
      execFile(
        command,
        args,
        {
          env: baseEnv({ ...this.env, ...opts.env }),
          timeout: opts.timeoutMs ?? DEFAULT_EXEC_TIMEOUT_MS,
          maxBuffer: MAX_OUTPUT,
          encoding: "utf8",
        },
        (error, stdout, stderr) => {
          if (!error) return resolve({ code: 0, stdout, stderr });
          const e = error as NodeJS.ErrnoException & { code?: string | number; killed?: boolean };
          if (e.code === "ENOENT") return reject(new RunnerError(`command not found on localhost: ${command}`));
          if (e.killed)
            return reject(
              new RunnerError(`${command} timed out after ${opts.timeoutMs ?? DEFAULT_EXEC_TIMEOUT_MS} ms`),
            );
          resolve({ code: typeof e.code === "number" ? e.code : 1, stdout, stderr });
        },
      );
    });
  }

  async readFile(file: string, offset = 0, maxBytes = 4 * 1024 * 1024): Promise<Buffer | null> {
    let handle: fsp.FileHandle | undefined;
    try {
      handle = await fsp.open(file, "r");
      const { size } = await handle.stat();
      const length = Math.max(0, Math.min(size - offset, maxBytes));
      const buf = Buffer.alloc(length);
      if (length > 0) await handle.read(buf, 0, length, offset);
      return buf;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw e;
    } finally {
      await handle?.close();
    }
  }

  async fileSize(file: string): Promise<number | null> {
    try {
      return (await fsp.stat(file)).size;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw e;
    }
  }

  async writeFile(file: string, data: string | Buffer, mode = 0o644): Promise<void> {
    await fsp.writeFile(file, data, { mode });
  }

  async mkdirp(dir: string): Promise<void> {
    await fsp.mkdir(dir, { recursive: true });
  }

  async removeTree(dir: string): Promise<void> {
    await fsp.rm(dir, { recursive: true, force: true });
  }

  async resolvePath(p: string): Promise<string> {
    if (p === "~" || p.startsWith("~/")) return path.join(os.homedir(), p.slice(1));
    return path.resolve(p);
  }

  async close(): Promise<void> {}
}
