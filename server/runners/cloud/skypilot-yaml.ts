/**
 * The SkyPilot task YAML for one job (fields as documented for task YAML: name, resources, num_nodes, envs,
 * file_mounts, setup, run). Every value from settings or the job travels as an `envs` entry, i.e. data;
 * the run script is a constant. `setup` is administrator-written shell (installing torch …) by design.
 */
import { stringify } from "yaml";
import { workerEnv } from "../host/worker-env.ts";
import { RunnerError } from "../errors.ts";

export const SKY_PATTERNS = {
  /** cloud and region names */
  name: /^[A-Za-z0-9][A-Za-z0-9_-]*$/,
  /** A100, A100:8, tpu-v4-8:1 */
  accelerators: /^[A-Za-z0-9][A-Za-z0-9_.-]*(:\d+)?$/,
  /** 4, 4+, 0.5 */
  amount: /^\d+(\.\d+)?\+?$/,
  envName: /^[A-Za-z_][A-Za-z0-9_]*$/,
} as const;

export interface SkyTaskSettings {
  cloud?: string;
  accelerators?: string;
  cpus?: string;
  memory?: string;
  useSpot: boolean;
  diskSize?: number;
  region?: string;
  imageId?: string;
  setup?: string;
  python: string;
  threads: number;
  env: Readonly<Record<string, string>>;
}

export interface SkyJob {
  jobId: string;
  /** local folder with job.json: uploaded by SkyPilot as the job folder */
  localJobDir: string;
  /** local trex_worker package folder: uploaded next to it */
  localWorkerPackage: string;
}

/** where file_mounts put things on the cloud VM */
export const REMOTE_JOB_DIR = "~/trex-job";
export const REMOTE_WORKER_DIR = "~/trex-worker";

/**
 * Runs the worker and copies its events and result into the job's log stream (`TREX_EVENT …`,
 * `TREX_RESULT …`), so `sky jobs logs` is all the runner needs to follow a job on any cloud.
 */
export const SKY_RUN_SCRIPT = `set -u
cd "$HOME/trex-job" || exit 3
export PYTHONPATH="$HOME/trex-worker" PYTHONUNBUFFERED=1
"$TREX_PYTHON" -m trex_worker run --job-dir "$PWD" >worker.log 2>&1 &
worker=$!
trap 'kill -TERM "$worker" 2>/dev/null' TERM INT
touch events.jsonl
tail -n +1 -F --pid="$worker" events.jsonl 2>/dev/null | sed -u 's/^/TREX_EVENT /' &
tailer=$!
# wait returns early when the trap runs: wait again until the worker has really exited
while :; do wait "$worker"; code=$?; kill -0 "$worker" 2>/dev/null || break; done
wait "$tailer" 2>/dev/null
tail -n 20 worker.log
if [ -f result.json ]; then
  "$TREX_PYTHON" -c 'import json,sys; print("TREX_RESULT " + json.dumps(json.load(open("result.json"))))'
fi
exit $code
`;

function checked(name: keyof typeof SKY_PATTERNS, value: string): string {
  if (!SKY_PATTERNS[name].test(value)) throw new RunnerError(`invalid SkyPilot ${name}: ${JSON.stringify(value)}`);
  return value;
}

export function skyJobName(jobId: string): string {
  if (!/^[A-Za-z0-9_-]{1,100}$/.test(jobId)) throw new RunnerError(`invalid job id: ${JSON.stringify(jobId)}`);
  return `trex-${jobId}`;
}

export function skyTask(s: SkyTaskSettings, job: SkyJob): Record<string, unknown> {
  const resources: Record<string, unknown> = { use_spot: s.useSpot };
  if (s.cloud) resources.cloud = checked("name", s.cloud).toLowerCase();
  if (s.region) resources.region = checked("name", s.region);
  if (s.accelerators) resources.accelerators = checked("accelerators", s.accelerators);
  if (s.cpus) resources.cpus = checked("amount", s.cpus);
  if (s.memory) resources.memory = checked("amount", s.memory);
  if (s.diskSize !== undefined) resources.disk_size = Math.floor(s.diskSize);
  if (s.imageId) resources.image_id = s.imageId;
  for (const k of Object.keys(s.env)) checked("envName", k);
  return {
    name: skyJobName(job.jobId),
    num_nodes: 1,
    resources,
    // PYTHONPATH is set by the run script, where the cluster's $HOME is known
    envs: {
      ...workerEnv({ threads: s.threads, env: s.env }),
      TREX_JOB_ID: job.jobId,
      TREX_PYTHON: s.python,
    },
    file_mounts: {
      [REMOTE_JOB_DIR]: job.localJobDir,
      [`${REMOTE_WORKER_DIR}/trex_worker`]: job.localWorkerPackage,
    },
    ...(s.setup?.trim() ? { setup: s.setup } : {}),
    run: SKY_RUN_SCRIPT,
  };
}

export function skyTaskYaml(task: Record<string, unknown>): string {
  // block literals keep the scripts readable; every scalar is quoted or escaped by the YAML library
  return stringify(task, { lineWidth: 0, blockQuote: "literal" });
}
