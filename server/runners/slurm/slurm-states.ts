/** Slurm's job states, what they mean for a TREX job, and how an abnormal end is explained. */
import type { RunnerJobState } from "../types.ts";

const WAITING = new Set([
  "PENDING",
  "CONFIGURING",
  "REQUEUED",
  "REQUEUE_FED",
  "REQUEUE_HOLD",
  "RESV_DEL_HOLD",
  "POWER_UP_NODE",
]);
const ACTIVE = new Set([
  "RUNNING",
  "COMPLETING",
  "SIGNALING",
  "STAGE_OUT",
  "RESIZING",
  "SUSPENDED",
  "STOPPED",
  "UPDATE_DB",
]);
const ENDED = new Set([
  "COMPLETED",
  "CANCELLED",
  "FAILED",
  "TIMEOUT",
  "NODE_FAIL",
  "PREEMPTED",
  "BOOT_FAIL",
  "DEADLINE",
  "OUT_OF_MEMORY",
  "REVOKED",
  "SPECIAL_EXIT",
]);

/**
 * A requeued job (after preemption or a node failure, when requeue is on) is back to PENDING/REQUEUED:
 * it is waiting, not finished, whatever its previous attempt left in the job folder.
 */
export function runnerStateOf(slurmState: string): RunnerJobState {
  const s = slurmState.toUpperCase().replace(/[+\s].*$/, "");
  if (WAITING.has(s)) return "pending";
  if (ACTIVE.has(s)) return "running";
  if (ENDED.has(s)) return "exited";
  return "unknown";
}

/** Ends where Slurm, not the worker or a user, stopped the job: a "cancelled" result is really a failure. */
const IMPOSED: Record<string, string> = {
  TIMEOUT: "hit its Slurm time limit (raise timeLimit in the runner settings, or lower the job's steps)",
  OUT_OF_MEMORY: "ran out of memory (raise memory in the runner settings or lower the batch size)",
  NODE_FAIL: "lost its node (node failure) and was not requeued",
  PREEMPTED: "was preempted by a higher-priority job and not requeued (enable requeue in the runner settings)",
  BOOT_FAIL: "could not start: its node failed to boot",
  DEADLINE: "passed its deadline before it could finish",
  REVOKED: "was revoked by a federated cluster",
};

export function imposedEnd(slurmState: string): string | null {
  return IMPOSED[slurmState.toUpperCase()] ?? null;
}

export function explainEnd(slurmId: string, slurmState: string, details: Record<string, string> = {}): string {
  const state = slurmState.toUpperCase();
  const why = imposedEnd(state) ?? (state === "FAILED" ? "failed before the worker wrote a result" : `ended ${state}`);
  const extra = [
    details.Reason && details.Reason !== "None" ? `reason ${details.Reason}` : "",
    details.ExitCode ? `exit code ${details.ExitCode}` : "",
  ]
    .filter(Boolean)
    .join(", ");
  return `Slurm job ${slurmId} ${why}${extra ? ` (${extra})` : ""}`;
}
