/**
 * The task YAML the cloud runner writes, read back by SkyPilot's own parser (`sky.Task.from_yaml`), not only
 * checked against a copy of its schema. Needs a Python with the `skypilot` package in TREX_SKYPILOT_PYTHON
 * (e.g. `python3 -m venv /tmp/sky && /tmp/sky/bin/pip install skypilot`); without it the suite is skipped.
 */
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { makeTempDir } from "../../testing/daemon-process.ts";
import { HOSTILE } from "../../testing/hostile-values.ts";
import { REMOTE_JOB_DIR, REMOTE_WORKER_DIR, SKY_RUN_SCRIPT, skyTask, skyTaskYaml } from "./skypilot-yaml.ts";

const python = process.env.TREX_SKYPILOT_PYTHON ?? "";
const hasSkyPilot = python !== "" && spawnSync(python, ["-c", "import sky"], { stdio: "ignore" }).status === 0;

/** Parses each YAML file with SkyPilot and prints what it understood (or the error it raised), one JSON line each. */
const READ_BACK = `
import json, sys
import sky
for path in sys.argv[1:]:
    try:
        t = sky.Task.from_yaml(path)
    except Exception as e:
        print(json.dumps({"error": f"{type(e).__name__}: {e}"}))
        continue
    r = list(t.resources)[0]
    print(json.dumps({
        "name": t.name, "num_nodes": t.num_nodes, "envs": t.envs, "run": t.run, "setup": t.setup,
        "file_mounts": t.file_mounts, "cloud": str(r.cloud) if r.cloud else None, "region": r.region,
        "accelerators": r.accelerators, "use_spot": r.use_spot, "cpus": r.cpus, "memory": r.memory,
        "disk_size": r.disk_size,
    }))
`;

const dir = makeTempDir("trex-sky-parse-");
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function readBack(yamls: readonly string[]): Record<string, unknown>[] {
  const files = yamls.map((y, i) => {
    const file = path.join(dir, `task-${i}.yaml`);
    fs.writeFileSync(file, y);
    return file;
  });
  const out = execFileSync(python, ["-c", READ_BACK, ...files], { encoding: "utf8", timeout: 60_000 });
  return out
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe.skipIf(!hasSkyPilot)(
  `SkyPilot's parser reads the generated task YAML${hasSkyPilot ? "" : " (skipped: TREX_SKYPILOT_PYTHON has no skypilot)"}`,
  () => {
    const jobDir = path.join(dir, "job");
    const workerPackage = path.join(dir, "trex_worker");
    fs.mkdirSync(jobDir, { recursive: true });
    fs.mkdirSync(workerPackage, { recursive: true });
    const job = { jobId: "job-1", localJobDir: jobDir, localWorkerPackage: workerPackage };
    const hostileEnv = Object.fromEntries(HOSTILE.map((v, i) => [`HOSTILE_${i}`, v]));
    const full = skyTask(
      {
        cloud: "AWS",
        region: "us-east-1",
        accelerators: "A100:8",
        cpus: "8+",
        memory: "32+",
        diskSize: 100,
        useSpot: true,
        setup: "pip install torch==2.13.0\n",
        python: "python3",
        threads: 4,
        env: { HF_HOME: "/data/hf", ...hostileEnv },
      },
      job,
    );
    const minimal = skyTask({ useSpot: false, python: "/opt/py/bin/python", threads: 1, env: {} }, job);

    it("keeps every field as written: resources, envs (hostile values as data), mounts, setup and the run script", () => {
      const [a, b] = readBack([skyTaskYaml(full), skyTaskYaml(minimal)]);
      expect(a).toEqual({
        name: "trex-job-1",
        num_nodes: 1,
        envs: full.envs,
        run: SKY_RUN_SCRIPT,
        setup: "pip install torch==2.13.0\n",
        file_mounts: { [REMOTE_JOB_DIR]: jobDir, [`${REMOTE_WORKER_DIR}/trex_worker`]: workerPackage },
        cloud: "AWS",
        region: "us-east-1",
        accelerators: { A100: 8 },
        use_spot: true,
        cpus: "8+",
        memory: "32+",
        disk_size: 100,
      });
      expect(b).toMatchObject({ name: "trex-job-1", cloud: null, accelerators: null, use_spot: false, setup: null });
      expect((b?.envs as Record<string, string>).TREX_PYTHON).toBe("/opt/py/bin/python");
    }, 90_000);

    it("is a parser that refuses: a misspelt resource field is an error, not ignored", () => {
      const wrong = skyTaskYaml(full).replace("accelerators:", "acelerators:");
      const [r] = readBack([wrong]);
      expect(String(r?.error)).toMatch(/acelerators/);
    }, 90_000);
  },
);
