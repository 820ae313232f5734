/**
 * Best time in seconds of each function over `runs`, after one warm-up each. The functions take turns, run by run,
 * so that a burst of load from other processes on the machine slows both sides of a ratio alike instead of
 * whichever happened to be measuring at the time.
 */
export const bestSeconds = (fns: ReadonlyArray<() => unknown>, runs: number): number[] => {
  for (const fn of fns) fn();
  const best = fns.map(() => Number.POSITIVE_INFINITY);
  for (let i = 0; i < runs; i++) {
    fns.forEach((fn, f) => {
      const start = process.hrtime.bigint();
      fn();
      best[f] = Math.min(best[f] as number, Number(process.hrtime.bigint() - start) / 1e9);
    });
  }
  return best;
};
