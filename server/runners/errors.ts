/** What a runner throws when the host, the scheduler or the job cannot do what was asked; services decide what it means. */
export class RunnerError extends Error {
  override name = "RunnerError";
}
