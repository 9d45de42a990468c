import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll } from "vitest";
import { LocalRunner } from "../local/local-runner.ts";
import { PYTHON, WORKER_DIR, longJob, tinyJob, uniquePrefix } from "../../testing/tiny-job.ts";
import { describeRunnerContract } from "./runner-contract.ts";

const jobsDir = fs.mkdtempSync(path.join(os.tmpdir(), "trex-local-runner-"));
const runner = new LocalRunner({ jobsDir, python: PYTHON, workerDir: WORKER_DIR, concurrency: 4, threads: 1 });
const prefix = uniquePrefix("local");

afterAll(() => fs.rmSync(jobsDir, { recursive: true, force: true }));

describeRunnerContract("local", () => ({
  runner,
  prefix,
  shortJob: (id) => tinyJob(id),
  longJob,
  pollMs: 200,
  timeoutMs: 60_000,
}));
