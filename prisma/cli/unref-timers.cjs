'use strict';
// Preloaded into the Prisma CLI only (NODE_OPTIONS=--require .../unref-timers.cjs).
//
// The WebAssembly schema engine (engine: "js" in prisma.config.ts) arms 10 s and
// 60 s timers that it never clears, so `prisma migrate deploy/status/reset`
// would finish their work and then keep the process alive for up to a minute.
// Unref'd timers still fire if the process is alive for other reasons (an open
// query, a pool connection); they just no longer hold it open on their own.
// Short timers are left alone: they are the ones real work waits on.

const LONG_TIMER_MS = 5000;

if (!globalThis.__switchyardUnrefTimers) {
  globalThis.__switchyardUnrefTimers = true;
  for (const name of ['setTimeout', 'setInterval']) {
    const original = globalThis[name];
    const wrapped = function (callback, delay, ...args) {
      const timer = original(callback, delay, ...args);
      if (Number(delay) >= LONG_TIMER_MS && typeof timer?.unref === 'function') timer.unref();
      return timer;
    };
    // Keep `util.promisify.custom` and friends, so `promisify(setTimeout)` still works.
    Object.defineProperties(wrapped, Object.getOwnPropertyDescriptors(original));
    globalThis[name] = wrapped;
  }
}
