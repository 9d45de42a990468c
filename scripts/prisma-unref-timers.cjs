// Preloaded into the Prisma CLI on PostgreSQL: its pool keeps timers alive 10-60 s after the work is done.
// Unref'd timers still fire while sockets or pending I/O keep the process alive.
const originalSetTimeout = globalThis.setTimeout;
const originalSetInterval = globalThis.setInterval;
globalThis.setTimeout = function (...args) {
  const timer = originalSetTimeout.apply(this, args);
  if (timer && typeof timer.unref === "function") timer.unref();
  return timer;
};
globalThis.setInterval = function (...args) {
  const timer = originalSetInterval.apply(this, args);
  if (timer && typeof timer.unref === "function") timer.unref();
  return timer;
};
