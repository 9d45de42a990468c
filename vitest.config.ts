import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    include: ["server/**/*.test.ts", "components/**/*.test.ts", "bench/**/*.test.ts", "scripts/**/*.test.ts"],
    // TREX_TEST_DB=postgres (scripts/test.sh runs the database-backed suites again that way): a real PostgreSQL
    globalSetup: process.env.TREX_TEST_DB === "postgres" ? ["server/testing/postgres-global-setup.ts"] : [],
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    fileParallelism: false,
  },
});
