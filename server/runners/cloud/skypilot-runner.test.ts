/**
 * The cloud runner against a recorded SkyPilot CLI transcript (documented output framing, real worker
 * payloads), its task YAML against SkyPilot's task schema, and its run script against the real worker.
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { Ajv2020 } from "ajv/dist/2020.js";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { parseEventLines } from "../event-lines.ts";
import { contractDataFiles, contractFileJob, describeRunnerContract } from "../contract/runner-contract.ts";
import { LocalCommandHost } from "../host/command-host.ts";
import { parseResult } from "../host/job-files.ts";
import { TranscriptReplay } from "../../testing/cli-transcript.ts";
import { makeTempDir } from "../../testing/daemon-process.ts";
import { HOSTILE } from "../../testing/hostile-values.ts";
import { PYTHON, WORKER_DIR, longJob, tinyJob } from "../../testing/tiny-job.ts";
import { parseJobsQueue, parseLaunchedJobId, splitJobLogs } from "./sky-cli-output.ts";
import { SkyPilotRunner } from "./skypilot-runner.ts";
import { REMOTE_JOB_DIR, SKY_RUN_SCRIPT, skyTask, skyTaskYaml, type SkyTaskSettings } from "./skypilot-yaml.ts";

const fixtures = path.join(import.meta.dirname, "fixtures");
const ajv = new Ajv2020({ allErrors: true, strict: false });
ajv.addKeyword({
  keyword: "case_insensitive_enum",
  type: "string",
  schemaType: "array",
  validate: (allowed: string[], value: string) => allowed.some((a) => a.toLowerCase() === value.toLowerCase()),
});
const validateTask = ajv.compile(
  JSON.parse(fs.readFileSync(path.join(fixtures, "skypilot-task.schema.json"), "utf8")) as object,
);

function schemaErrors(task: unknown): string[] {
  return validateTask(task) ? [] : (validateTask.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ""}`);
}

const settings: SkyTaskSettings = {
  cloud: "aws",
  cpus: "2+",
  useSpot: false,
  python: "python3",
  threads: 2,
  env: { HF_HOME: "/data/hf" },
};
const staging = makeTempDir("trex-sky-staging-");
const launchProblems: string[] = [];
/** per launched job name: the files of the folder mounted as the job folder, as SkyPilot would upload them */
const uploaded = new Map<string, string[]>();
const replay = new TranscriptReplay(path.join(fixtures, "sky-jobs-transcript.txt"), (argv) => {
  if (argv[1] !== "jobs" || argv[2] !== "launch") return;
  // what SkyPilot would read: a task file valid against its schema, whose bundle is staged
  const file = argv.at(-1) ?? "";
  const task = parse(fs.readFileSync(file, "utf8")) as { name?: string; file_mounts?: Record<string, string> };
  launchProblems.push(...schemaErrors(task).map((e) => `${path.basename(file)}: ${e}`));
  for (const source of Object.values(task.file_mounts ?? {}))
    if (!fs.existsSync(source)) launchProblems.push(`missing mount source ${source}`);
  const jobFolder = task.file_mounts?.[REMOTE_JOB_DIR];
  if (jobFolder && fs.existsSync(jobFolder))
    uploaded.set(task.name ?? "", fs.readdirSync(jobFolder, { recursive: true, encoding: "utf8" }).sort());
});
const runner = new SkyPilotRunner({
  exec: replay.exec,
  sky: "sky",
  stagingDir: staging,
  localWorkerDir: WORKER_DIR,
  task: settings,
  concurrency: 8,
});

afterAll(() => fs.rmSync(staging, { recursive: true, force: true }));

describeRunnerContract(
  "cloud (SkyPilot transcript)",
  () => ({
    runner,
    prefix: "c1",
    shortJob: (id) => tinyJob(id),
    longJob,
    pollMs: 0,
    timeoutMs: 10_000,
    statusQueries: () => replay.count("sky jobs queue"),
    // the job folder is the local staging folder that file_mounts upload
    readJobFile: (workDir, file) => new LocalCommandHost().readFile(path.join(workDir, file)),
  }),
  undefined,
  // a managed job starts on a fresh VM: the checkpoints of earlier jobs are not there to ask
  { generation: false },
);

describe("SkyPilot runner", () => {
  it("replayed the whole transcript, and every launched task file was valid for SkyPilot", () => {
    expect(launchProblems).toEqual([]);
    expect(replay.unused()).toEqual([]);
    expect(replay.count("sky jobs launch")).toBe(5);
  });

  it("staged the carried files in the folder SkyPilot uploads as the job folder, next to job.json", () => {
    expect(uploaded.get("trex-c1-files")).toEqual(["dataset", "dataset/test.csv", "dataset/train.jsonl", "job.json"]);
    expect(uploaded.get("trex-c1-ok")).toEqual(["job.json"]);
  });

  it("generates task YAML that SkyPilot's schema accepts, with every setting as data", () => {
    const full: SkyTaskSettings = {
      cloud: "GCP",
      accelerators: "A100:8",
      cpus: "16+",
      memory: "64+",
      useSpot: true,
      diskSize: 256,
      region: "us-central1",
      imageId: "docker:nvcr.io/nvidia/pytorch:24.05-py3",
      setup: "pip install -q torch transformers peft",
      python: "/opt/conda/bin/python 'x' $(id)",
      threads: 8,
      env: Object.fromEntries(HOSTILE.map((v, i) => [`HOSTILE_${i}`, v])),
    };
    const task = skyTask(full, {
      jobId: "j-1",
      localJobDir: "/stage/j-1",
      localWorkerPackage: "/app/worker/trex_worker",
    });
    const yaml = skyTaskYaml(task);
    const back = parse(yaml) as Record<string, unknown>;
    expect(back).toEqual(task);
    expect(schemaErrors(back)).toEqual([]);
    expect(back).toMatchObject({
      name: "trex-j-1",
      resources: { cloud: "gcp", accelerators: "A100:8", use_spot: true, disk_size: 256 },
      run: SKY_RUN_SCRIPT,
    });
    // the validator is not vacuous
    expect(schemaErrors({ ...back, envs: { N: 3 } })).not.toEqual([]);
    expect(schemaErrors({ ...back, unknown_field: 1 })).not.toEqual([]);
    expect(schemaErrors({ ...back, resources: { cloud: "mars" } })).not.toEqual([]);
    expect(() =>
      skyTask(
        { ...full, accelerators: "A100:1\nrun: rm -rf ~" },
        { jobId: "j", localJobDir: "/x", localWorkerPackage: "/y" },
      ),
    ).toThrow(/invalid SkyPilot accelerators/);
  });

  it("runs its task's run script with the real worker: events and the result come back through the log stream", async () => {
    const home = makeTempDir("trex-sky-vm-");
    try {
      fs.mkdirSync(path.join(home, "trex-job"));
      fs.mkdirSync(path.join(home, "trex-worker"));
      fs.symlinkSync(path.join(WORKER_DIR, "trex_worker"), path.join(home, "trex-worker", "trex_worker"));
      fs.writeFileSync(
        path.join(home, "trex-job", "job.json"),
        JSON.stringify(tinyJob("vm-1", { steps: 10, maxExamples: 10 })),
      );
      const { stdout } = await promisify(execFile)("bash", ["-c", SKY_RUN_SCRIPT], {
        env: { PATH: process.env.PATH, HOME: home, TREX_PYTHON: PYTHON, TREX_WORKER_THREADS: "1", NODE_ENV: "test" },
        timeout: 120_000,
      });
      const logs = splitJobLogs(
        stdout
          .split("\n")
          .map((l) => `(trex-vm-1, pid=1) ${l}`)
          .join("\n"),
      );
      const { events } = parseEventLines(logs.eventsText, 0);
      expect(events[0]?.type).toBe("started");
      expect(events.at(-1)).toMatchObject({ type: "finished", status: "succeeded" });
      expect(parseResult(logs.resultJson ?? "", "the run script's output")).toMatchObject({
        jobId: "vm-1",
        status: "succeeded",
      });
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
  }, 150_000);

  it("runs a file job as staged by the runner through the run script: the worker trains and evaluates on the carried files", async () => {
    const stage = makeTempDir("trex-sky-files-");
    const home = makeTempDir("trex-sky-vm-");
    try {
      const launcher = new SkyPilotRunner({
        exec: async () => ({ code: 0, stdout: "Managed Job ID: 9\n", stderr: "" }),
        sky: "sky",
        stagingDir: stage,
        localWorkerDir: WORKER_DIR,
        task: settings,
        concurrency: 1,
      });
      const { workDir } = await launcher.submit(
        contractFileJob(tinyJob("vm-files", { steps: 10 })),
        contractDataFiles(),
      );
      // what file_mounts do on the VM: the staged folder becomes ~/trex-job, the worker package ~/trex-worker
      fs.cpSync(workDir, path.join(home, "trex-job"), { recursive: true });
      fs.mkdirSync(path.join(home, "trex-worker"));
      fs.symlinkSync(path.join(WORKER_DIR, "trex_worker"), path.join(home, "trex-worker", "trex_worker"));
      const { stdout } = await promisify(execFile)("bash", ["-c", SKY_RUN_SCRIPT], {
        env: { PATH: process.env.PATH, HOME: home, TREX_PYTHON: PYTHON, TREX_WORKER_THREADS: "1", NODE_ENV: "test" },
        timeout: 120_000,
      });
      const { resultJson } = splitJobLogs(
        stdout
          .split("\n")
          .map((l) => `(trex-vm-files, pid=1) ${l}`)
          .join("\n"),
      );
      const result = parseResult(resultJson ?? "", "the run script's output");
      expect(result).toMatchObject({ jobId: "vm-files", status: "succeeded", metrics: { test: { n: 10 } } });
      expect(typeof result.metrics.validation?.primary).toBe("number");
    } finally {
      fs.rmSync(stage, { recursive: true, force: true });
      fs.rmSync(home, { recursive: true, force: true });
    }
  }, 150_000);

  it("parses queue tables of other releases and colours, and launch output old and new", () => {
    const ansi = "\x1b[32mSUCCEEDED\x1b[0m";
    const table = [
      "Fetching managed job statuses...",
      "In progress tasks: 1 RECOVERING",
      "ID  NAME        USER   RESOURCES   SUBMITTED   TOT. DURATION  JOB DURATION  #RECOVERIES  STATUS",
      "12  trex-a b    alice  1x[A100:1]  1 min ago   1m             30s           1            RECOVERING",
      `11  other       bob    1x[CPU:2]   2 mins ago  2m             1m            0            ${ansi}`,
    ].join("\n");
    expect(parseJobsQueue(table)).toEqual([
      { id: "12", name: "trex-a b", status: "RECOVERING" },
      { id: "11", name: "other", status: "SUCCEEDED" },
    ]);
    expect(parseJobsQueue("No in-progress managed jobs.")).toEqual([]);
    expect(parseLaunchedJobId("...\nManaged Job ID: 42\n")).toBe("42");
    expect(parseLaunchedJobId("✓ Job submitted, ID: 7")).toBe("7");
    expect(parseLaunchedJobId("nothing")).toBeNull();
  });

  it("reports a failed launch with the CLI's words and leaves nothing staged", async () => {
    const dir = makeTempDir("trex-sky-fail-");
    const failing = new SkyPilotRunner({
      exec: async () => ({
        code: 1,
        stdout: "",
        stderr:
          "sky.exceptions.ResourcesUnavailableError: Catalog does not contain any instances satisfying the request: 1x AWS({'H100': 64}).",
      }),
      sky: "sky",
      stagingDir: dir,
      localWorkerDir: WORKER_DIR,
      task: { ...settings, accelerators: "H100:64" },
      concurrency: 1,
    });
    await expect(failing.submit(tinyJob("too-big"))).rejects.toThrow(
      /sky jobs launch failed: .*ResourcesUnavailableError/,
    );
    expect(fs.readdirSync(dir)).toEqual([]);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
