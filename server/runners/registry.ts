/** The one place that branches on the runner kind. */
import path from "node:path";
import { env } from "../env.ts";
import { LocalRunner } from "./local/local-runner.ts";
import { RunnerError, type Runner } from "./types.ts";

const g = globalThis as unknown as { __trexRunners?: Map<string, Runner> };

export function workerDir(): string {
  return path.join(process.cwd(), "worker");
}

export function getRunner(kind: string): Runner {
  g.__trexRunners ??= new Map();
  const existing = g.__trexRunners.get(kind);
  if (existing) return existing;
  let runner: Runner;
  switch (kind) {
    case "local":
      runner = new LocalRunner({
        jobsDir: env.jobsDir,
        python: env.TREX_PYTHON,
        workerDir: workerDir(),
        concurrency: env.TREX_LOCAL_CONCURRENCY,
        threads: env.TREX_LOCAL_THREADS,
      });
      break;
    default:
      throw new RunnerError(`runner kind "${kind}" is not configured on this server`);
  }
  g.__trexRunners.set(kind, runner);
  return runner;
}

/** Tests and benchmarks put their own runner in place. */
export function registerRunner(runner: Runner): void {
  g.__trexRunners ??= new Map();
  g.__trexRunners.set(runner.kind, runner);
}
