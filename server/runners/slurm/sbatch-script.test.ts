import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { makeTempDir } from "../../testing/daemon-process.ts";
import { HOSTILE } from "../../testing/hostile-values.ts";
import { sbatchScript, type SbatchSettings } from "./sbatch-script.ts";

const settings: SbatchSettings = {
  partition: "gpu,gpu-long",
  account: "proj-42",
  qos: "normal",
  constraint: "a100&nvlink",
  gpus: 2,
  gpuType: "a100",
  cpus: 8,
  memory: "64G",
  timeLimit: "1-12:00:00",
  modules: ["cuda/12.4", "python/3.11"],
  setupLines: ["source /opt/conda/etc/profile.d/conda.sh"],
  requeue: true,
};
const job = {
  jobId: "job-1",
  jobDir: "/scratch/trex jobs/job-1",
  python: "/opt/py/bin/python3",
  pythonPath: "/scratch/trex jobs/.trex-worker/abc",
  threads: 4,
  env: { HF_HOME: "/scratch/hf" },
};

describe("sbatch script", () => {
  it("turns each setting into its directive", () => {
    const script = sbatchScript(settings, job);
    const directives = script.split("\n").filter((l) => l.startsWith("#SBATCH "));
    expect(directives).toEqual([
      "#SBATCH --job-name=trex-job-1",
      "#SBATCH --open-mode=append",
      "#SBATCH --requeue",
      "#SBATCH --ntasks=1",
      "#SBATCH --cpus-per-task=8",
      "#SBATCH --partition=gpu,gpu-long",
      "#SBATCH --account=proj-42",
      "#SBATCH --qos=normal",
      "#SBATCH --constraint=a100&nvlink",
      "#SBATCH --gres=gpu:a100:2",
      "#SBATCH --mem=64G",
      "#SBATCH --time=1-12:00:00",
    ]);
    expect(script).toContain(
      "module load cuda/12.4\nmodule load python/3.11\nsource /opt/conda/etc/profile.d/conda.sh",
    );
    expect(script).toContain("exec /opt/py/bin/python3 -m trex_worker run --job-dir '/scratch/trex jobs/job-1'");
    expect(sbatchScript({ ...settings, requeue: false, gpus: 0 }, job)).toMatch(
      /#SBATCH --no-requeue(?![\s\S]*--gres)/,
    );
  });

  it("refuses directive values that would smuggle in another directive or a shell line", () => {
    for (const [key, value] of [
      ["partition", "gpu\n#SBATCH --wrap=id"],
      ["partition", "gpu debug"],
      ["account", "a;b"],
      ["memory", "16G --uid=0"],
      ["timeLimit", "1:00 --x"],
      ["gpuType", "a100:8\nrm"],
    ] as const)
      expect(() => sbatchScript({ ...settings, [key]: value }, job), `${key}=${JSON.stringify(value)}`).toThrow(
        /invalid Slurm/,
      );
    expect(() => sbatchScript({ ...settings, modules: ["cuda; rm -rf /"] }, job)).toThrow(/invalid Slurm module/);
    expect(() => sbatchScript({ ...settings, setupLines: ["ok\nsecond line"] }, job)).toThrow(
      /invalid Slurm setupLine/,
    );
    expect(() => sbatchScript(settings, { ...job, env: { "A B": "x" } })).toThrow(/invalid Slurm envName/);
  });

  it("is valid bash whose hostile paths and environment values arrive as data", () => {
    const dir = makeTempDir("trex-sbatch-");
    try {
      const jobDir = path.join(dir, "d 'q' $(touch pwned) ;x");
      fs.mkdirSync(jobDir);
      const env = Object.fromEntries(HOSTILE.map((v, i) => [`HOSTILE_${i}`, v]));
      const script = sbatchScript(
        { ...settings, modules: [], setupLines: [] },
        { ...job, jobDir, python: "/bin/echo", env },
      );
      const file = path.join(dir, "job.sbatch");
      fs.writeFileSync(file, script);
      execFileSync("bash", ["-n", file]);
      // run it without Slurm: `python` is echo, so the script prints the worker's command line
      const printEnv = script.replace(/^exec .*$/m, `env -0 > ${JSON.stringify(path.join(dir, "env"))}\n$&`);
      fs.writeFileSync(file, printEnv);
      const out = execFileSync("bash", [file], { encoding: "utf8", cwd: dir });
      expect(out).toContain(`-m trex_worker run --job-dir ${jobDir}`);
      const seen = new Map(
        fs
          .readFileSync(path.join(dir, "env"), "utf8")
          .split("\0")
          .map((kv) => [kv.slice(0, kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1)]),
      );
      HOSTILE.forEach((v, i) => expect(seen.get(`HOSTILE_${i}`)).toBe(v));
      expect(fs.existsSync(path.join(jobDir, "pwned"))).toBe(false);
      expect(fs.existsSync(path.join(dir, "pwned"))).toBe(false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
