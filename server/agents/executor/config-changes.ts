/**
 * What the Executor's model may change in a plan (a repair, or an adjustment in plan review): a few training
 * settings, absent ones keep their value; and the changes between two plans said in words. Pure.
 */
import { z } from "zod";
import type { DataRecipe, TrainingConfig } from "../../contract/job-protocol.ts";

/** The settings the Executor may change; absence keeps the plan's value. */
export const configChangesSchema = z.object({
  learningRate: z.number().positive().max(1).optional(),
  warmupRatio: z.number().min(0).max(0.5).optional(),
  batchSize: z.number().int().min(1).max(1024).optional(),
  gradientAccumulation: z.number().int().min(1).max(256).optional(),
  gradientCheckpointing: z.boolean().optional(),
  maxSeqLength: z.number().int().min(16).max(131_072).optional(),
  steps: z.number().int().min(1).max(200_000).optional(),
  method: z.enum(["full", "lora", "qlora"]).optional(),
});

interface PlanShape {
  config: TrainingConfig;
  recipe: DataRecipe;
}

/** "learningRate 1 → 0.1", "recipe load→filter → load": one entry per setting that differs. */
export function describeChanges(before: PlanShape, after: PlanShape): string[] {
  const changes: string[] = [];
  const keys = new Set([...Object.keys(before.config), ...Object.keys(after.config)]) as Set<keyof TrainingConfig>;
  for (const k of keys)
    if (JSON.stringify(before.config[k]) !== JSON.stringify(after.config[k]))
      changes.push(`${k} ${JSON.stringify(before.config[k] ?? null)} → ${JSON.stringify(after.config[k] ?? null)}`);
  if (JSON.stringify(before.recipe) !== JSON.stringify(after.recipe))
    changes.push(
      `recipe ${before.recipe.operators.map((o) => o.op).join("→")} → ${after.recipe.operators.map((o) => o.op).join("→")}`,
    );
  return changes;
}
