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
  /** the worker's virtual environment, built by scripts/setup.sh (turbopackIgnore: the build must not trace the venv, whose python symlink leaves the project) */
  TREX_PYTHON: z
    .string()
    .default(path.join(/* turbopackIgnore: true */ process.cwd(), "worker", ".venv", "bin", "python")),
  /** create and run a demo exploration on start when the database has none */
  TREX_DEMO: boolish,
  /** the orchestrator does not start (tests that drive it by hand) */
  TREX_ORCHESTRATOR_OFF: boolish,
  TREX_LOCAL_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  TREX_LOCAL_THREADS: z.coerce.number().int().min(1).max(64).default(1),
  TREX_TICK_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  // --- agents (server/agents): language model, research tools. No provider = the offline expert planner.
  TREX_LLM_PROVIDER: z.enum(["none", "openai", "anthropic", "openai-compatible"]).default("none"),
  TREX_LLM_MODEL: z.string().max(200).optional(),
  /** required for openai-compatible (vLLM, Ollama, LM Studio: e.g. http://127.0.0.1:8000/v1); optional override otherwise */
  TREX_LLM_BASE_URL: z.string().max(500).optional(),
  /** falls back to OPENAI_API_KEY / ANTHROPIC_API_KEY for those providers */
  TREX_LLM_API_KEY: z.string().optional(),
  OPENAI_API_KEY: z.string().optional(),
  ANTHROPIC_API_KEY: z.string().optional(),
  /** repairs of an off-schema reply, and retries of a failed provider call, each at most this many */
  TREX_LLM_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(2),
  TREX_LLM_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(60_000),
  /** stream replies (some gateways only stream) */
  TREX_LLM_STREAMING: boolish,
  /** the openai-compatible endpoint enforces JSON schemas (vLLM does); otherwise JSON mode plus our own validation */
  TREX_LLM_STRUCTURED_OUTPUTS: boolish,
  /** the Researcher's memory context is compressed to this many tokens */
  TREX_LLM_CONTEXT_TOKENS: z.coerce.number().int().min(200).max(100_000).default(2500),
  /** online research tools (Hugging Face Hub, arXiv); off: they answer "unavailable" and the bundled catalogue is used */
  TREX_NETWORK: z.enum(["off", "on"]).default("off"),
  TREX_HF_HUB_URL: z.string().max(500).default("https://huggingface.co"),
  TREX_ARXIV_URL: z.string().max(500).default("https://export.arxiv.org"),
  // --- accounts and security (server/auth, server/security)
  /** the first admin, created on start when no user exists */
  TREX_ADMIN_EMAIL: z.string().max(320).optional(),
  TREX_ADMIN_PASSWORD: z.string().max(200).optional(),
  /** signs session cookies; required in production (≥ 32 characters) */
  TREX_AUTH_SECRET: z.string().min(32).optional(),
  /** encrypts runner and provider secrets at rest (AES-256-GCM): 32 bytes as 64 hex characters or base64 */
  TREX_SECRET_KEY: z.string().optional(),
  /** the public origin (https://trex.example.com) when behind a proxy; used for cookies and the CSRF check */
  TREX_PUBLIC_URL: z.string().url().optional(),
  /** proxies (addresses or CIDR ranges, comma-separated) whose X-Forwarded-For entries are believed; empty: none */
  TREX_TRUSTED_PROXIES: z.string().max(4000).default(""),
  // --- tests: which database the database-backed suites use
  TREX_TEST_DB: z.enum(["sqlite", "postgres"]).default("sqlite"),
});

export type Env = z.infer<typeof envSchema> & { DATABASE_URL: string; jobsDir: string; datasetsDir: string };

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
    datasetsDir: path.join(e.TREX_DATA_DIR, "datasets"),
  };
}

export const env: Env = loadEnv();
