/**
 * The memory of one GPU a runner's jobs get, so that plan review can refuse or lighten a plan before GPU time is
 * spent: what the administrator declared, else what a cloud runner's accelerator name says (SkyPilot's names).
 */
import type { RunnerConfig } from "./runner-config.ts";

/** GiB per GPU of the accelerators SkyPilot names most often (the vendors' data sheets). */
const ACCELERATOR_GIB: Record<string, number> = {
  t4: 16,
  v100: 16,
  "v100-32gb": 32,
  a10: 24,
  a10g: 24,
  l4: 24,
  l40: 48,
  l40s: 48,
  a100: 40,
  "a100-80gb": 80,
  h100: 80,
  "h100-mega": 80,
  h200: 141,
  b200: 180,
  rtx4090: 24,
  rtx6000: 24,
};

/** "H100:8" → 80; null for a name this table does not know. */
export function acceleratorMemoryGiB(accelerators: string): number | null {
  const name = accelerators.split(":")[0]?.trim().toLowerCase() ?? "";
  return ACCELERATOR_GIB[name] ?? null;
}

/** The declared memory of one GPU, else the cloud accelerator's; null when unknown (nothing is checked then). */
export function runnerGpuMemoryGiB(config: RunnerConfig): number | null {
  if (config.gpuMemoryGiB) return config.gpuMemoryGiB;
  if (config.kind === "cloud" && config.accelerators) return acceleratorMemoryGiB(config.accelerators);
  return null;
}
