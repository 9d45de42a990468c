/** CommandHost over SSH: commands are argv quoted word by word (shell-quote.ts), files go over SFTP. */
import type { SFTPWrapper, Stats } from "ssh2";
import { RunnerError } from "../errors.ts";
import { DEFAULT_EXEC_TIMEOUT_MS, type CommandHost, type ExecOptions, type ExecResult } from "../host/command-host.ts";
import { shellCommand, withEnv } from "../host/shell-quote.ts";
import type { SshConnection } from "./ssh-connection.ts";

const SFTP_NO_SUCH_FILE = 2;
const READ_CHUNK = 64 * 1024;

function isMissing(e: unknown): boolean {
  return (e as { code?: unknown }).code === SFTP_NO_SUCH_FILE;
}

function call<T>(fn: (cb: (err: Error | null | undefined, value: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => fn((err, value) => (err ? reject(err) : resolve(value))));
}

function done(fn: (cb: (err: Error | null | undefined) => void) => void): Promise<null> {
  return call<null>((cb) => fn((err) => cb(err, null)));
}

async function readRange(sftp: SFTPWrapper, file: string, offset: number, maxBytes: number): Promise<Buffer | null> {
  let handle: Buffer;
  try {
    handle = await call<Buffer>((cb) => sftp.open(file, "r", cb));
  } catch (e) {
    if (isMissing(e)) return null;
    throw e;
  }
  try {
    const { size } = await call<Stats>((cb) => sftp.fstat(handle, cb));
    const length = Math.max(0, Math.min(size - offset, maxBytes));
    const buf = Buffer.alloc(length);
    let got = 0;
    while (got < length) {
      const n = await new Promise<number>((resolve, reject) =>
        sftp.read(handle, buf, got, Math.min(READ_CHUNK, length - got), offset + got, (err, bytesRead) =>
          err ? reject(err) : resolve(bytesRead),
        ),
      );
      if (n <= 0) break;
      got += n;
    }
    return buf.subarray(0, got);
  } finally {
    await done((cb) => sftp.close(handle, cb)).catch(() => null);
  }
}

export class SshCommandHost implements CommandHost {
  private home: string | null = null;

  constructor(readonly connection: SshConnection) {}

  get label(): string {
    return this.connection.label;
  }

  exec(argv: readonly string[], opts: ExecOptions = {}): Promise<ExecResult> {
    const command = shellCommand(withEnv(opts.env, argv));
    return this.connection.exec(command, {
      timeoutMs: opts.timeoutMs ?? DEFAULT_EXEC_TIMEOUT_MS,
      retry: opts.idempotent ?? false,
    });
  }

  readFile(file: string, offset = 0, maxBytes = 4 * 1024 * 1024): Promise<Buffer | null> {
    return this.connection.sftp((sftp) => readRange(sftp, file, offset, maxBytes));
  }

  fileSize(file: string): Promise<number | null> {
    return this.connection.sftp(async (sftp) => {
      try {
        return (await call<Stats>((cb) => sftp.stat(file, cb))).size;
      } catch (e) {
        if (isMissing(e)) return null;
        throw e;
      }
    });
  }

  async writeFile(file: string, data: string | Buffer, mode = 0o644): Promise<void> {
    await this.connection.sftp((sftp) => done((cb) => sftp.writeFile(file, data, { mode }, cb)));
  }

  private async must(argv: readonly string[], what: string): Promise<void> {
    const r = await this.exec(argv, { idempotent: true });
    if (r.code !== 0) throw new RunnerError(`${what} on ${this.label} failed: ${r.stderr.trim() || `exit ${r.code}`}`);
  }

  mkdirp(dir: string): Promise<void> {
    return this.must(["mkdir", "-p", "--", dir], `creating ${dir}`);
  }

  removeTree(dir: string): Promise<void> {
    return this.must(["rm", "-rf", "--", dir], `removing ${dir}`);
  }

  async resolvePath(p: string): Promise<string> {
    if (p !== "~" && !p.startsWith("~/")) {
      if (!p.startsWith("/"))
        throw new RunnerError(`remote paths must be absolute or start with ~/ (got ${JSON.stringify(p)})`);
      return p;
    }
    // an SFTP session starts in the login user's home folder
    this.home ??= await this.connection.sftp((sftp) => call<string>((cb) => sftp.realpath(".", cb)));
    return `${this.home.replace(/\/$/, "")}${p.slice(1)}`;
  }

  async close(): Promise<void> {
    await this.connection.close();
  }
}
