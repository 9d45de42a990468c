/** The only place that reads process.env. Everything else imports `env`. */
import path from "node:path";
import { z } from "zod";

const boolish = z
  .enum(["0", "1", "true", "false", ""])
  .optional()
  .transform((v) => v === "1" || v === "true");

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  TREX_DATA_DIR: z.string().default(path.join(process.cwd(), "data")),
  DATABASE_URL: z.string().optional(),
  TREX_PYTHON: z.string().default("/usr/bin/python3"),
  /** create and run a demo exploration on start when the database has none */
  TREX_DEMO: boolish,
  /** the orchestrator does not start (tests that drive it by hand) */
  TREX_ORCHESTRATOR_OFF: boolish,
  TREX_LOCAL_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  TREX_LOCAL_THREADS: z.coerce.number().int().min(1).max(64).default(1),
  TREX_TICK_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
});

export type Env = z.infer<typeof envSchema> & { DATABASE_URL: string; jobsDir: string };

function loadEnv(): Env {
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Invalid environment:\n${issues}`);
  }
  const e = parsed.data;
  return {
    ...e,
    DATABASE_URL: e.DATABASE_URL ?? `file:${path.join(e.TREX_DATA_DIR, "trex.db")}`,
    jobsDir: path.join(e.TREX_DATA_DIR, "jobs"),
  };
}

export const env: Env = loadEnv();
