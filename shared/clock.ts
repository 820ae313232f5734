/** The clock port: domain code never calls `Date.now()` itself, so tests (and `MSV_NOW` locally) set "now". */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock frozen at one instant. */
export const fixedClock = (at: Date | string): Clock => {
  const instant = new Date(at);
  return { now: () => new Date(instant) };
};

/** The clock of a process: `MSV_NOW` (config `now`) shifts it to another moment, else the system clock. */
export const clockOf = (now: string | undefined): Clock => (now ? fixedOffsetClock(now) : systemClock);

/**
 * A clock that starts at `start` and then runs at normal speed: how `MSV_NOW` shifts the local stack into another
 * day of the school year while keeping time moving (so ordering by time still works).
 */
export const fixedOffsetClock = (start: Date | string, base: Clock = systemClock): Clock => {
  const offset = new Date(start).getTime() - base.now().getTime();
  return { now: () => new Date(base.now().getTime() + offset) };
};
