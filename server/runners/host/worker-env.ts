/** The worker's environment, the same on every runner: the runner's own settings, then what TREX sets (these win). */
export interface WorkerEnvOptions {
  /** where trex_worker is importable; unset where the launch script sets it (the cloud runner's $HOME) */
  pythonPath?: string;
  /** torch / OpenMP threads of one worker */
  threads: number;
  /** the runner's configured environment */
  env?: Readonly<Record<string, string>>;
}

export function workerEnv({ pythonPath, threads, env }: WorkerEnvOptions): Record<string, string> {
  const n = String(threads);
  return {
    ...env,
    ...(pythonPath === undefined ? {} : { PYTHONPATH: pythonPath }),
    PYTHONUNBUFFERED: "1",
    OMP_NUM_THREADS: n,
    // a busy-waiting OpenMP pool takes cores from everything else on a shared machine
    OMP_WAIT_POLICY: "PASSIVE",
    TREX_WORKER_THREADS: n,
  };
}
