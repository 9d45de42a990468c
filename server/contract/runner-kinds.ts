/** Where training runs: the built-in local runner, and the kinds administrators configure in the settings. */
export const RUNNER_KINDS = ["local", "ssh", "slurm", "cloud"] as const;
export type RunnerKind = (typeof RUNNER_KINDS)[number];

export type ConfigurableRunnerKind = Exclude<RunnerKind, "local">;
/** The kinds the settings page adds (the local runner is built in). */
export const CONFIGURABLE_RUNNER_KINDS = RUNNER_KINDS.filter((k): k is ConfigurableRunnerKind => k !== "local");
