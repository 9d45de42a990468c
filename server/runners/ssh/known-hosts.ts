/**
 * Host-key verification in OpenSSH's known_hosts format (plain and hashed host names, `[host]:port`,
 * wildcards, negation, @revoked). Trust on first use appends a line and reports it, so the UI can show
 * "first connection: SHA256:… recorded".
 */
import crypto from "node:crypto";

export type HostKeyPolicy = "strict" | "accept-new";

export interface HostKeyInfo {
  host: string;
  port: number;
  keyType: string;
  /** `SHA256:…` as `ssh-keygen -l` prints it */
  fingerprint: string;
  /** true when this connection recorded the key (trust on first use) */
  firstUse: boolean;
  /** the known_hosts line that matched or was recorded */
  line: string;
}

export type HostKeyDecision = { ok: true; info: HostKeyInfo } | { ok: false; reason: string; info: HostKeyInfo };

interface Entry {
  marker: "" | "@revoked" | "@cert-authority";
  hosts: string;
  keyType: string;
  key: string;
  line: string;
}

export function fingerprintOf(keyBlob: Buffer): string {
  return `SHA256:${crypto.createHash("sha256").update(keyBlob).digest("base64").replace(/=+$/, "")}`;
}

/** The key type is the first string of the SSH wire-format key blob. */
export function keyTypeOf(keyBlob: Buffer): string {
  if (keyBlob.length < 4) return "unknown";
  const len = keyBlob.readUInt32BE(0);
  return keyBlob.subarray(4, 4 + len).toString("ascii") || "unknown";
}

/** The name known_hosts uses for host:port. */
export function hostToken(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

function globMatch(pattern: string, value: string): boolean {
  const re = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".")}$`,
    "i",
  );
  return re.test(value);
}

function hostsMatch(hosts: string, token: string): boolean {
  if (hosts.startsWith("|1|")) {
    const [, , salt, hash] = hosts.split("|");
    if (!salt || !hash) return false;
    const mac = crypto.createHmac("sha1", Buffer.from(salt, "base64")).update(token).digest("base64");
    return mac === hash;
  }
  let matched = false;
  for (const raw of hosts.split(",")) {
    const negated = raw.startsWith("!");
    const pattern = negated ? raw.slice(1) : raw;
    if (globMatch(pattern, token)) {
      if (negated) return false;
      matched = true;
    }
  }
  return matched;
}

function parse(text: string): Entry[] {
  const entries: Entry[] = [];
  for (const line of text.split("\n")) {
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith("#")) continue;
    const fields = trimmed.split(/\s+/);
    const marker =
      fields[0] === "@revoked" || fields[0] === "@cert-authority" ? (fields.shift() as Entry["marker"]) : "";
    const [hosts, keyType, key] = fields;
    if (!hosts || !keyType || !key) continue;
    entries.push({ marker, hosts, keyType, key, line: trimmed });
  }
  return entries;
}

export class KnownHosts {
  private text: string;

  /**
   * @param onRecord called with the whole new known_hosts text after a first-use key was recorded
   *   (the caller persists it: the runner's settings or a file)
   */
  constructor(
    text: string,
    private readonly policy: HostKeyPolicy,
    private readonly onRecord?: (text: string, info: HostKeyInfo) => void | Promise<void>,
  ) {
    this.text = text;
  }

  toString(): string {
    return this.text;
  }

  verify(host: string, port: number, keyBlob: Buffer): HostKeyDecision {
    const token = hostToken(host, port);
    const keyType = keyTypeOf(keyBlob);
    const key = keyBlob.toString("base64");
    const base = { host, port, keyType, fingerprint: fingerprintOf(keyBlob), firstUse: false };
    const entries = parse(this.text).filter((e) => e.marker !== "@cert-authority" && hostsMatch(e.hosts, token));
    const revoked = entries.find((e) => e.marker === "@revoked" && e.key === key);
    if (revoked)
      return {
        ok: false,
        reason: `the host key of ${token} (${base.fingerprint}) is marked @revoked`,
        info: { ...base, line: revoked.line },
      };
    const same = entries.find((e) => e.marker === "" && e.key === key && e.keyType === keyType);
    if (same) return { ok: true, info: { ...base, line: same.line } };
    if (entries.some((e) => e.marker === "")) {
      // a known host presenting a different key: possible man-in-the-middle, never accepted automatically
      return {
        ok: false,
        reason: `HOST KEY MISMATCH for ${token}: the server presented ${keyType} ${base.fingerprint}, which is not the key recorded in known_hosts; if the server was reinstalled, remove its old line and connect again`,
        info: { ...base, line: "" },
      };
    }
    const line = `${token} ${keyType} ${key}`;
    if (this.policy === "strict") {
      return {
        ok: false,
        reason: `${token} is not in known_hosts (strict host-key checking); its key is ${keyType} ${base.fingerprint}`,
        info: { ...base, line },
      };
    }
    this.text = `${this.text.replace(/\n*$/, "")}${this.text.trim() ? "\n" : ""}${line}\n`;
    const info = { ...base, firstUse: true, line };
    void this.onRecord?.(this.text, info);
    return { ok: true, info };
  }
}
