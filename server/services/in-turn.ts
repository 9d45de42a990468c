/** One piece of work at a time per key, in this process: two decisions must not hand out the same free place. */
const turns = new Map<string, Promise<unknown>>();

export function inTurn<T>(key: string, work: () => Promise<T>): Promise<T> {
  const run = (turns.get(key) ?? Promise.resolve()).then(work, work);
  turns.set(
    key,
    run.catch(() => undefined),
  );
  return run;
}
