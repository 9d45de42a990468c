/**
 * How runner settings are stored: the settings as JSON without their secrets, and the secrets (SSH private
 * key, passphrase) as one AES-256-GCM blob (server/security/secrets.ts). Decrypted only to build a runner.
 */
import { decryptSecret, encryptSecret } from "../security/secrets.ts";
import { parseRunnerConfig, type RunnerConfig } from "./runner-config.ts";

interface SshSecrets {
  privateKey?: string;
  passphrase?: string;
}

export interface StoredRunnerConfig {
  kind: RunnerConfig["kind"];
  settings: string;
  secretEncrypted: string | null;
  concurrency: number;
}

export function encodeRunnerConfig(config: RunnerConfig): StoredRunnerConfig {
  let secrets: SshSecrets = {};
  let plain: RunnerConfig = config;
  if ((config.kind === "ssh" || config.kind === "slurm") && config.ssh) {
    const { privateKey, passphrase, ...rest } = config.ssh;
    secrets = { ...(privateKey?.trim() ? { privateKey } : {}), ...(passphrase ? { passphrase } : {}) };
    plain = { ...config, ssh: rest } as RunnerConfig;
  }
  return {
    kind: config.kind,
    settings: JSON.stringify(plain),
    secretEncrypted: Object.keys(secrets).length > 0 ? encryptSecret(JSON.stringify(secrets)) : null,
    concurrency: config.concurrency,
  };
}

/** The stored settings with their secrets decrypted, validated again (a RunnerError names a bad field). */
export function storedRunnerConfig(row: { settings: string; secretEncrypted: string | null }): RunnerConfig {
  const settings = JSON.parse(row.settings) as Record<string, unknown>;
  const secrets = row.secretEncrypted ? (JSON.parse(decryptSecret(row.secretEncrypted)) as SshSecrets) : {};
  const ssh = settings.ssh as Record<string, unknown> | undefined;
  return parseRunnerConfig(ssh ? { ...settings, ssh: { ...ssh, ...secrets } } : settings);
}

/** The settings as stored, secrets left out: what the browser may see. */
export function publicRunnerSettings(row: { settings: string }): Record<string, unknown> {
  return JSON.parse(row.settings) as Record<string, unknown>;
}
