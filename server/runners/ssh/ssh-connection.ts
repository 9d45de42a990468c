/**
 * One SSH connection (ssh2) that reconnects by itself: when the link drops, the next operation opens a new
 * connection, and idempotent operations that were cut off are retried once on it. Host keys are checked
 * against known_hosts (trust on first use recorded); auth is a private key and/or an ssh-agent socket.
 */
import { Client, type SFTPWrapper } from "ssh2";
import { RunnerError } from "../errors.ts";
import type { ExecResult } from "../host/command-host.ts";
import type { HostKeyInfo, KnownHosts } from "./known-hosts.ts";

export interface SshTarget {
  host: string;
  port: number;
  user: string;
  privateKey?: string;
  passphrase?: string;
  /** path of an ssh-agent socket */
  agent?: string;
  connectTimeoutMs?: number;
  keepaliveMs?: number;
}

/** The connection went away under an operation (as opposed to the operation failing). */
export class SshConnectionLost extends RunnerError {
  override name = "SshConnectionLost";
}

interface Live {
  client: Client;
  ready: Promise<void>;
  sftp: Promise<SFTPWrapper> | null;
  closed: boolean;
}

const MAX_OUTPUT = 16 * 1024 * 1024;
/** sshd allows 10 sessions per connection by default (MaxSessions); SFTP holds one of them */
const MAX_EXEC_CHANNELS = 6;

export class SshConnection {
  private live: Live | null = null;
  /** connections opened after the first one (a dropped link was replaced) */
  reconnects = 0;
  private opened = 0;
  /** the host key seen on the last handshake */
  lastHostKey: HostKeyInfo | null = null;
  /** the key this connection trusted on first use, if it did (the UI shows it) */
  recordedHostKey: HostKeyInfo | null = null;
  private execSlots = MAX_EXEC_CHANNELS;
  private readonly execQueue: (() => void)[] = [];

  constructor(
    private readonly target: SshTarget,
    private readonly knownHosts: KnownHosts,
  ) {
    if (!target.privateKey && !target.agent) throw new RunnerError("SSH needs a private key or an ssh-agent socket");
  }

  get label(): string {
    return `${this.target.user}@${this.target.host}:${this.target.port}`;
  }

  private describe(e: Error & { level?: string; code?: string }, hostKeyFailure: string | null): RunnerError {
    const where = this.label;
    if (hostKeyFailure) return new RunnerError(`host key verification failed for ${where}: ${hostKeyFailure}`);
    if (e.level === "client-authentication")
      return new RunnerError(
        `SSH authentication failed for ${where}: the server refused the ${this.target.privateKey ? "private key" : "agent's keys"}`,
      );
    if (e.code === "ECONNREFUSED")
      return new RunnerError(`cannot connect to ${where}: connection refused (is sshd running on that port?)`);
    if (e.code === "ENOTFOUND" || e.code === "EAI_AGAIN")
      return new RunnerError(`cannot connect to ${where}: unknown host name`);
    if (e.code === "EHOSTUNREACH" || e.code === "ENETUNREACH")
      return new RunnerError(`cannot connect to ${where}: host unreachable`);
    if (e.level === "client-timeout" || /timed out/i.test(e.message))
      return new RunnerError(
        `cannot connect to ${where}: timed out after ${Math.round((this.target.connectTimeoutMs ?? 20_000) / 1000)} s`,
      );
    return new RunnerError(`SSH connection to ${where} failed: ${e.message}`);
  }

  private open(): Live {
    const client = new Client();
    let hostKeyFailure: string | null = null;
    const live: Live = { client, ready: Promise.resolve(), sftp: null, closed: false };
    // errors after the handshake surface through the operation that was running
    client.on("error", () => undefined);
    client.on("close", () => {
      live.closed = true;
      if (this.live === live) this.live = null;
    });
    live.ready = new Promise<void>((resolve, reject) => {
      client.once("ready", () => resolve());
      client.once("error", (e) => reject(this.describe(e, hostKeyFailure)));
      client.once("close", () =>
        reject(new SshConnectionLost(`connection to ${this.label} closed during the handshake`)),
      );
      const { host, port, user, privateKey, passphrase, agent } = this.target;
      try {
        client.connect({
          host,
          port,
          username: user,
          privateKey,
          passphrase,
          agent,
          readyTimeout: this.target.connectTimeoutMs ?? 20_000,
          keepaliveInterval: this.target.keepaliveMs ?? 15_000,
          keepaliveCountMax: 3,
          hostVerifier: (key: Buffer): boolean => {
            const decision = this.knownHosts.verify(host, port, key);
            this.lastHostKey = decision.info;
            if (decision.info.firstUse) this.recordedHostKey = decision.info;
            if (!decision.ok) hostKeyFailure = decision.reason;
            return decision.ok;
          },
        });
      } catch (e) {
        // ssh2 throws synchronously on a private key it cannot parse
        reject(new RunnerError(`cannot use the private key for ${this.label}: ${(e as Error).message}`));
      }
    });
    return live;
  }

  private async ready(): Promise<Live> {
    if (!this.live || this.live.closed) {
      if (this.opened > 0) this.reconnects++;
      this.opened++;
      this.live = this.open();
    }
    const live = this.live;
    try {
      await live.ready;
    } catch (e) {
      if (this.live === live) this.live = null;
      live.client.end();
      throw e;
    }
    return live;
  }

  /** Opens the connection now (settings checks). */
  async connect(): Promise<void> {
    await this.ready();
  }

  private isConnectionError(e: unknown, live: Live | null): boolean {
    if (e instanceof SshConnectionLost) return true;
    if (live?.closed) return true;
    const err = e as { code?: unknown; message?: string };
    if (typeof err.code === "number") return err.code === 6 || err.code === 7; // SFTP NO_CONNECTION / CONNECTION_LOST
    return /no response from server|not connected|ECONNRESET|EPIPE|keepalive/i.test(err.message ?? "");
  }

  /** Runs op; if the connection died under it, reconnects and runs it once more. */
  private async withReconnect<T>(op: (live: Live) => Promise<T>): Promise<T> {
    const live = await this.ready();
    try {
      return await op(live);
    } catch (e) {
      if (!this.isConnectionError(e, live)) throw e;
      if (this.live === live) this.live = null;
      live.client.end();
      return op(await this.ready());
    }
  }

  private execOn(live: Live, command: string, timeoutMs: number): Promise<ExecResult> {
    return new Promise((resolve, reject) => {
      live.client.exec(command, (err, stream) => {
        if (err) return reject(new SshConnectionLost(`cannot run a command on ${this.label}: ${err.message}`));
        const out: Buffer[] = [];
        const errOut: Buffer[] = [];
        let size = 0;
        let code: number | null = null;
        let signal: string | null = null;
        const timer = setTimeout(() => {
          stream.close();
          reject(new RunnerError(`a command on ${this.label} timed out after ${Math.round(timeoutMs / 1000)} s`));
        }, timeoutMs);
        const collect = (into: Buffer[]) => (d: Buffer) => {
          size += d.length;
          if (size <= MAX_OUTPUT) into.push(d);
        };
        stream.on("data", collect(out));
        stream.stderr.on("data", collect(errOut));
        stream.on("exit", (c: number | null, sig?: string) => {
          code = c;
          signal = sig ?? null;
        });
        stream.on("close", () => {
          clearTimeout(timer);
          const stdout = Buffer.concat(out).toString("utf8");
          const stderr = Buffer.concat(errOut).toString("utf8");
          if (code === null && signal === null)
            return reject(new SshConnectionLost(`the connection to ${this.label} dropped while a command ran`));
          resolve({ code: code ?? 128, stdout, stderr: signal ? `${stderr}(killed by ${signal})` : stderr });
        });
      });
    });
  }

  async exec(command: string, opts: { timeoutMs: number; retry: boolean }): Promise<ExecResult> {
    // many jobs polled at once must not open more channels than the server allows
    if (this.execSlots > 0) this.execSlots--;
    else await new Promise<void>((resolve) => this.execQueue.push(resolve));
    try {
      if (opts.retry) return await this.withReconnect((live) => this.execOn(live, command, opts.timeoutMs));
      return await this.execOn(await this.ready(), command, opts.timeoutMs);
    } finally {
      const next = this.execQueue.shift();
      if (next) next();
      else this.execSlots++;
    }
  }

  private sftpOn(live: Live): Promise<SFTPWrapper> {
    live.sftp ??= new Promise<SFTPWrapper>((resolve, reject) => {
      live.client.sftp((err, sftp) =>
        err ? reject(new SshConnectionLost(`SFTP is not available on ${this.label}: ${err.message}`)) : resolve(sftp),
      );
    });
    const p = live.sftp;
    p.catch(() => {
      if (live.sftp === p) live.sftp = null;
    });
    return p;
  }

  /** Runs an idempotent SFTP operation, retried once on a fresh connection if the link dropped. */
  sftp<T>(op: (sftp: SFTPWrapper) => Promise<T>): Promise<T> {
    return this.withReconnect(async (live) => op(await this.sftpOn(live)));
  }

  /** Closes the socket at once, as a network failure would (tests and shutdown). */
  destroy(): void {
    this.live?.client.destroy();
  }

  async close(): Promise<void> {
    const live = this.live;
    this.live = null;
    live?.client.end();
  }
}
