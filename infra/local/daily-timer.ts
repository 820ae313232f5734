/**
 * The local stand-in for a recurring `cron(M H * * ? *)` schedule in Europe/Amsterdam (the daily reminders): it
 * runs the target when the clock passes that wall time, as Scheduler would. Like Scheduler it does not catch up
 * on a time that passed while the stack was down; `npm run admin -- reminders run` does that by hand.
 */
import type { Clock } from '../../shared/clock.js';
import { amsterdamDate, instantOf } from '../../shared/time/amsterdam.js';

export interface DailyTimer {
  /** Checks the clock now; runs the target if its time was passed since the previous check. */
  tick(): Promise<void>;
  stop(): void;
}

export const startDailyTimer = (opts: {
  /** Amsterdam wall time `HH:MM`. */
  time: string;
  clock: Clock;
  run: () => Promise<unknown>;
  intervalMs?: number;
  log?: (line: string) => void;
}): DailyTimer => {
  let last = opts.clock.now().getTime();
  let busy = false;
  const tick = async () => {
    if (busy) return;
    busy = true;
    try {
      const now = opts.clock.now().getTime();
      // Today's and yesterday's run time cover a check interval that spans midnight.
      const today = amsterdamDate(new Date(now));
      const due = [amsterdamDate(new Date(now - 86_400_000)), today]
        .map((d) => instantOf(d, `${opts.time}:00`).getTime())
        .some((t) => t > last && t <= now);
      last = now;
      if (due) await opts.run();
    } catch (err) {
      opts.log?.(`daily run failed: ${(err as Error).message}`);
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void tick(), opts.intervalMs ?? 30_000);
  timer.unref();
  return { tick, stop: () => clearInterval(timer) };
};
