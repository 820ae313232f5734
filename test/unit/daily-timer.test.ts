import { describe, expect, it } from 'vitest';
import { startDailyTimer } from '../../infra/local/daily-timer.js';

describe('local daily schedule (stand-in for the reminder cron)', () => {
  it('runs when the clock passes the Amsterdam wall time, once, and does not catch up on start', async () => {
    let now = new Date('2026-06-17T08:59:00+02:00');
    const runs: string[] = [];
    const timer = startDailyTimer({
      time: '09:00',
      clock: { now: () => new Date(now) },
      run: async () => void runs.push(now.toISOString()),
      intervalMs: 3_600_000,
    });
    await timer.tick();
    expect(runs).toEqual([]);
    now = new Date('2026-06-17T09:00:30+02:00');
    await timer.tick();
    now = new Date('2026-06-17T09:01:00+02:00');
    await timer.tick();
    expect(runs).toEqual(['2026-06-17T07:00:30.000Z']);
    // Winter time: 09:00 in Amsterdam is 08:00 UTC.
    now = new Date('2026-12-01T07:00:00Z');
    await timer.tick(); // passes 30 November 09:00: one run for that day
    expect(runs).toHaveLength(2);
    now = new Date('2026-12-01T07:59:00Z');
    await timer.tick();
    expect(runs).toHaveLength(2);
    now = new Date('2026-12-01T08:00:00Z');
    await timer.tick();
    expect(runs).toHaveLength(3);
    timer.stop();

    const late = startDailyTimer({
      time: '09:00',
      clock: { now: () => new Date('2026-06-17T10:00:00+02:00') },
      run: async () => void runs.push('late'),
      intervalMs: 3_600_000,
    });
    await late.tick();
    expect(runs).not.toContain('late');
    late.stop();
  });
});
