/**
 * Secrets at rest (runner SSH keys, provider API keys): AES-256-GCM with a key from TREX_SECRET_KEY.
 * Stored as `v1:<iv>:<tag>:<ciphertext>` (base64url). Never log or return the plaintext to the browser.
 */
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { env } from "../env.ts";

const VERSION = "v1";

export function parseSecretKey(raw: string): Buffer {
  const trimmed = raw.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, "hex") : Buffer.from(trimmed, "base64");
  if (key.length !== 32)
    throw new Error("TREX_SECRET_KEY must be 32 bytes: 64 hex characters or base64 (openssl rand -hex 32)");
  return key;
}

let cachedKey: Buffer | undefined;

/**
 * The key from TREX_SECRET_KEY. Outside production, a key file in TREX_DATA_DIR is created once, so the quick
 * start works; production refuses to start without the variable.
 */
export function secretKey(): Buffer {
  if (cachedKey) return cachedKey;
  if (env.TREX_SECRET_KEY) {
    cachedKey = parseSecretKey(env.TREX_SECRET_KEY);
    return cachedKey;
  }
  if (env.NODE_ENV === "production")
    throw new Error("TREX_SECRET_KEY is required in production (openssl rand -hex 32)");
  const file = path.join(env.TREX_DATA_DIR, "secret.key");
  if (!fs.existsSync(file)) {
    fs.mkdirSync(env.TREX_DATA_DIR, { recursive: true });
    fs.writeFileSync(file, randomBytes(32).toString("hex"), { mode: 0o600, flag: "wx" });
  }
  cachedKey = parseSecretKey(fs.readFileSync(file, "utf8"));
  return cachedKey;
}

export function encryptSecret(plaintext: string, key: Buffer = secretKey()): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, iv.toString("base64url"), tag.toString("base64url"), ciphertext.toString("base64url")].join(":");
}

export function decryptSecret(stored: string, key: Buffer = secretKey()): string {
  const [version, iv, tag, ciphertext] = stored.split(":");
  if (version !== VERSION || !iv || !tag || ciphertext === undefined) throw new Error("not an encrypted secret");
  const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
}
