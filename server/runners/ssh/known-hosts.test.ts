import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { makeTempDir } from "../../testing/daemon-process.ts";
import { KnownHosts, fingerprintOf, hostToken, keyTypeOf } from "./known-hosts.ts";

/** a real ed25519 public key from ssh-keygen, as the SSH wire blob ssh2 hands to the verifier */
function realKey(dir: string, name: string): { blob: Buffer; line: string; file: string } {
  const file = path.join(dir, name);
  execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", file]);
  const [type, b64] = fs.readFileSync(`${file}.pub`, "utf8").split(" ");
  return { blob: Buffer.from(b64 ?? "", "base64"), line: `${type} ${b64}`, file };
}

describe("known_hosts verification", () => {
  const dir = makeTempDir("trex-known-hosts-");
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const key = realKey(dir, "a");
  const other = realKey(dir, "b");

  it("reads the key type and prints the fingerprint exactly as ssh-keygen -l does", () => {
    expect(keyTypeOf(key.blob)).toBe("ssh-ed25519");
    const printed = execFileSync("ssh-keygen", ["-l", "-f", `${key.file}.pub`], { encoding: "utf8" });
    expect(printed).toContain(fingerprintOf(key.blob));
  });

  it("matches plain, [host]:port, wildcard and negated patterns", () => {
    expect(hostToken("gpu1", 22)).toBe("gpu1");
    expect(hostToken("10.0.0.5", 2222)).toBe("[10.0.0.5]:2222");
    const kh = new KnownHosts(
      `gpu1 ${key.line}\n[10.0.0.5]:2222 ${key.line}\n!bad.lab.org,*.lab.org ${key.line}\n`,
      "strict",
    );
    expect(kh.verify("gpu1", 22, key.blob).ok).toBe(true);
    expect(kh.verify("10.0.0.5", 2222, key.blob).ok).toBe(true);
    expect(kh.verify("10.0.0.5", 22, key.blob).ok).toBe(false);
    expect(kh.verify("node7.lab.org", 22, key.blob).ok).toBe(true);
    expect(kh.verify("bad.lab.org", 22, key.blob).ok).toBe(false);
  });

  it("matches hashed host names written by ssh-keygen -H", () => {
    const file = path.join(dir, "known_hosts");
    fs.writeFileSync(file, `[gpu.example.org]:2200 ${key.line}\n`);
    execFileSync("ssh-keygen", ["-H", "-f", file], { stdio: "ignore" });
    const hashed = fs.readFileSync(file, "utf8");
    expect(hashed.startsWith("|1|")).toBe(true);
    const kh = new KnownHosts(hashed, "strict");
    expect(kh.verify("gpu.example.org", 2200, key.blob).ok).toBe(true);
    expect(kh.verify("gpu.example.org", 22, key.blob).ok).toBe(false);
  });

  it("refuses a changed key even when first use is allowed, and a revoked one", () => {
    const kh = new KnownHosts(`gpu1 ${key.line}\n@revoked * ${other.line}\n`, "accept-new");
    const changed = kh.verify("gpu1", 22, other.blob);
    expect(changed.ok).toBe(false);
    expect(!changed.ok && changed.reason).toMatch(/revoked/);
    const kh2 = new KnownHosts(`gpu1 ${key.line}\n`, "accept-new");
    const mismatch = kh2.verify("gpu1", 22, other.blob);
    expect(!mismatch.ok && mismatch.reason).toMatch(/HOST KEY MISMATCH for gpu1/);
    expect(kh2.toString()).toBe(`gpu1 ${key.line}\n`);
  });

  it("records a first-use key once and reports it; strict mode refuses it", () => {
    const records: string[] = [];
    const kh = new KnownHosts("# managed by TREX\n", "accept-new", (text, info) => {
      records.push(text);
      expect(info.firstUse).toBe(true);
    });
    const first = kh.verify("new-box", 2022, key.blob);
    expect(first).toMatchObject({ ok: true, info: { firstUse: true, line: `[new-box]:2022 ${key.line}` } });
    expect(records).toEqual([`# managed by TREX\n[new-box]:2022 ${key.line}\n`]);
    expect(kh.verify("new-box", 2022, key.blob)).toMatchObject({ ok: true, info: { firstUse: false } });
    expect(records).toHaveLength(1);
    const strict = new KnownHosts("", "strict").verify("new-box", 2022, key.blob);
    expect(!strict.ok && strict.reason).toMatch(/not in known_hosts/);
  });
});
