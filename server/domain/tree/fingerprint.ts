import { createHash } from "node:crypto";
import type { DataRecipe, TrainingConfig } from "../../contract/job-protocol.ts";

/** JSON with sorted keys, so equal plans hash equally whatever the key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/**
 * What makes two experiments the same: the task, the base checkpoint (the parent's fingerprint when
 * warm-starting, else the base model), the data recipe and the training config. Time limits are not part of it.
 */
export function fingerprintOf(input: {
  taskId: string;
  taskSeed: number;
  baseFingerprint: string | null;
  recipe: DataRecipe;
  config: TrainingConfig;
}): string {
  const { maxSeconds: _ignored, initFrom: _path, ...config } = input.config;
  const payload = canonicalJson({
    task: input.taskId,
    taskSeed: input.taskSeed,
    base: input.baseFingerprint ?? config.baseModel,
    recipe: input.recipe,
    config,
  });
  return createHash("sha256").update(payload).digest("hex").slice(0, 32);
}
