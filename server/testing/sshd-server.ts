/**
 * A real OpenSSH server on 127.0.0.1 with its own config, keys and authorized_keys in a temp folder
 * (recipe in shared/STACK.md). Key-only auth for the current user; stopped by PID.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { childPids, freePort, makeTempDir, startDaemon, waitUntil, type Daemon } from "./daemon-process.ts";

export interface SshServer {
  host: string;
  port: number;
  user: string;
  /** private key (OpenSSH format) that the server accepts */
  privateKey: string;
  /** a key the server does not accept */
  wrongPrivateKey: string;
  /** `[127.0.0.1]:port ssh-ed25519 AAAA…` */
  knownHostsLine: string;
  /** a known_hosts line with the right host but a different key */
  otherHostKeyLine: string;
  dir: string;
  daemon: Daemon;
  /** kills every session process this sshd serves: the clients see their connection drop */
  dropConnections(): number;
  stop(): Promise<void>;
}

function keygen(file: string): { privateKey: string; publicKey: string } {
  execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "trex-test", "-f", file]);
  return { privateKey: fs.readFileSync(file, "utf8"), publicKey: fs.readFileSync(`${file}.pub`, "utf8").trim() };
}

function sshdDescendants(root: number): number[] {
  const out: number[] = [];
  const queue = childPids(root);
  while (queue.length > 0) {
    const pid = queue.shift();
    if (pid === undefined) break;
    let cmd = "";
    try {
      cmd = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8");
    } catch {
      continue;
    }
    if (cmd.startsWith("sshd")) out.push(pid);
    queue.push(...childPids(pid));
  }
  return out;
}

async function banner(port: number): Promise<string | null> {
  return new Promise((resolve) => {
    const s = net.connect(port, "127.0.0.1");
    s.setTimeout(2000);
    s.once("data", (d) => (s.destroy(), resolve(d.toString().startsWith("SSH-") ? "ok" : null)));
    s.once("error", () => resolve(null));
    s.once("timeout", () => (s.destroy(), resolve(null)));
  });
}

export async function startSshServer(): Promise<SshServer> {
  fs.mkdirSync("/run/sshd", { recursive: true, mode: 0o755 });
  const dir = makeTempDir("trex-sshd-");
  fs.chmodSync(dir, 0o755);
  const host = keygen(path.join(dir, "host_ed25519"));
  const client = keygen(path.join(dir, "client_ed25519"));
  const wrong = keygen(path.join(dir, "wrong_ed25519"));
  const other = keygen(path.join(dir, "other_host_ed25519"));
  fs.writeFileSync(path.join(dir, "authorized_keys"), `${client.publicKey}\n`, { mode: 0o600 });
  const port = await freePort();
  const config = [
    `Port ${port}`,
    "ListenAddress 127.0.0.1",
    `HostKey ${path.join(dir, "host_ed25519")}`,
    `AuthorizedKeysFile ${path.join(dir, "authorized_keys")}`,
    `PidFile ${path.join(dir, "sshd.pid")}`,
    "StrictModes no",
    "UsePAM no",
    "PasswordAuthentication no",
    "KbdInteractiveAuthentication no",
    "PubkeyAuthentication yes",
    "PermitRootLogin prohibit-password",
    "MaxStartups 100",
    "LogLevel VERBOSE",
    "Subsystem sftp /usr/lib/openssh/sftp-server",
  ].join("\n");
  const configFile = path.join(dir, "sshd_config");
  fs.writeFileSync(configFile, `${config}\n`);
  const logFile = path.join(dir, "sshd.log");
  const daemon = await startDaemon("sshd", "/usr/sbin/sshd", ["-D", "-e", "-f", configFile], logFile);
  try {
    await waitUntil(
      "sshd to accept connections",
      async () => (daemon.exited() ? Promise.reject(new Error("sshd exited")) : banner(port)),
      15_000,
      [logFile],
    );
  } catch (e) {
    await daemon.stop();
    throw e;
  }
  const hostPub = host.publicKey.split(" ");
  const otherPub = other.publicKey.split(" ");
  return {
    host: "127.0.0.1",
    port,
    user: os.userInfo().username,
    privateKey: client.privateKey,
    wrongPrivateKey: wrong.privateKey,
    knownHostsLine: `[127.0.0.1]:${port} ${hostPub[0]} ${hostPub[1]}`,
    otherHostKeyLine: `[127.0.0.1]:${port} ${otherPub[0]} ${otherPub[1]}`,
    dir,
    daemon,
    dropConnections() {
      const pids = sshdDescendants(daemon.pid);
      for (const pid of pids) {
        try {
          process.kill(pid, "SIGKILL");
        } catch {
          // gone already
        }
      }
      return pids.length;
    },
    async stop() {
      await daemon.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
