/**
 * Catch-up windows (shared/windows/catch-up-window.ts) and what they change in the consent rules, the status and
 * the reminder calendar: every boundary in Europe/Amsterdam — 1 July 00:00, the window's last day, a past year.
 */
import { describe, expect, it } from 'vitest';
import { ConsentError } from '../../shared/consent/messages.js';
import { checkConsentWrite } from '../../shared/consent/rules.js';
import { isHerstelDay } from '../../shared/reminders/calendar.js';
import { schoolYearStatus } from '../../shared/school-year-status.js';
import {
  type CatchUpWindow,
  isNalevering,
  latestUntil,
  type WindowInEffect,
  windowInEffect,
  windowProblems,
} from '../../shared/windows/catch-up-window.js';

const Y = '2025-2026';
const S = '22KC00';
const at = (iso: string) => new Date(iso);

const windowOf = (over: Partial<CatchUpWindow> = {}): CatchUpWindow => ({
  windowId: 'win_0123456789ab',
  schoolYear: Y,
  until: '2026-09-01',
  schoolIds: null,
  openedBy: 'operator',
  openedAt: '2026-06-20T10:00:00+02:00',
  closedAt: null,
  closedBy: null,
  ...over,
});

const effect = (windows: CatchUpWindow[], now: string, schoolId = S, schoolYear = Y) =>
  windowInEffect(windows, { schoolId, schoolYear }, at(now));

const errorOf = (fn: () => unknown): ConsentError | undefined => {
  try {
    fn();
    return undefined;
  } catch (err) {
    if (err instanceof ConsentError) return err;
    throw err;
  }
};
const write = (
  now: string,
  deliveryDate: string,
  catchUp?: WindowInEffect,
  opts: { schoolYear?: string; existing?: Parameters<typeof checkConsentWrite>[0]['existing'] } = {},
) =>
  errorOf(() =>
    checkConsentWrite({
      now: at(now),
      schoolYear: opts.schoolYear ?? Y,
      deliveryDate,
      catchUp,
      existing: opts.existing,
    }),
  );

describe('the window in effect', () => {
  it('takes effect at 1 July 00:00 in Amsterdam, not before, and ends at 00:00 on its last day', () => {
    const w = [windowOf()];
    expect(effect(w, '2026-06-30T23:59:59+02:00')).toBeUndefined();
    expect(effect(w, '2026-07-01T00:00:00+02:00')).toEqual({
      windowId: 'win_0123456789ab',
      until: '2026-09-01',
      lastConsentDay: '2026-08-31',
    });
    expect(effect(w, '2026-08-31T23:59:59+02:00')?.until).toBe('2026-09-01');
    expect(effect(w, '2026-09-01T00:00:00+02:00')).toBeUndefined();
  });

  it('covers only the schools it names, and not another year', () => {
    const w = [windowOf({ schoolIds: ['12AB00'] })];
    expect(effect(w, '2026-07-02T10:00:00+02:00', '12AB00')).toBeDefined();
    expect(effect(w, '2026-07-02T10:00:00+02:00', S)).toBeUndefined();
    expect(effect([windowOf()], '2026-07-02T10:00:00+02:00', S, '2024-2025')).toBeUndefined();
  });

  it('counts no closed window, nor one opened later than now; of several the one that reaches furthest', () => {
    expect(
      effect(
        [windowOf({ closedAt: '2026-07-05T10:00:00+02:00', closedBy: 'operator' })],
        '2026-07-06T10:00:00+02:00',
      ),
    ).toBeUndefined();
    expect(
      effect([windowOf({ openedAt: '2026-07-10T10:00:00+02:00' })], '2026-07-06T10:00:00+02:00'),
    ).toBeUndefined();
    const two = [windowOf(), windowOf({ windowId: 'win_bbbbbbbbbbbb', until: '2026-10-01', schoolIds: [S] })];
    expect(effect(two, '2026-07-06T10:00:00+02:00')?.windowId).toBe('win_bbbbbbbbbbbb');
    expect(effect(two, '2026-07-06T10:00:00+02:00', '12AB00')?.windowId).toBe('win_0123456789ab');
  });

  it('works for a past year, months after it ended', () => {
    const past = [
      windowOf({ schoolYear: '2024-2025', until: '2026-01-31', openedAt: '2025-11-03T10:00:00+01:00' }),
    ];
    expect(effect(past, '2025-11-20T10:00:00+01:00', S, '2024-2025')?.lastConsentDay).toBe('2026-01-30');
  });

  it('marks a delivery after the year’s 1 July as a nalevering', () => {
    expect(isNalevering(Y, '2026-07-01')).toBe(false);
    expect(isNalevering(Y, '2026-07-02')).toBe(true);
  });
});

describe('consent after the deadline', () => {
  const w = effect([windowOf()], '2026-07-02T10:00:00+02:00');

  it('is refused from 1 July 00:00 without a window, saying that a window can be asked for', () => {
    const err = write('2026-07-01T00:00:00+02:00', '2026-07-15');
    expect(err?.code).toBe('deadline_passed');
    expect(err?.details?.messageNl).toMatch(/beheerder van msv ook om een herstelperiode/);
  });

  it('is accepted in a window from tomorrow up to and including its until', () => {
    expect(write('2026-07-02T10:00:00+02:00', '2026-07-03', w)).toBeUndefined();
    expect(write('2026-07-02T10:00:00+02:00', '2026-09-01', w)).toBeUndefined();
    expect(write('2026-08-31T23:59:00+02:00', '2026-09-01', w)).toBeUndefined();
    expect(write('2026-07-02T10:00:00+02:00', '2026-07-02', w)?.code).toBe('delivery_date_too_early');
    const late = write('2026-07-02T10:00:00+02:00', '2026-09-02', w);
    expect(late?.code).toBe('delivery_date_too_late');
    expect(late?.details).toMatchObject({ field: 'deliveryDate', latest: '2026-09-01' });
    expect(late?.details?.messageNl).toBe(
      'In de herstelperiode kan de leverdatum uiterlijk 1 september 2026 zijn.',
    );
  });

  it('keeps the regular rules before 1 July, whatever window is open', () => {
    expect(write('2026-06-25T10:00:00+02:00', '2026-08-15', w)?.code).toBe('delivery_date_too_late');
  });

  it('works for a past year, and never for a delivered consent', () => {
    const past = effect(
      [windowOf({ schoolYear: '2024-2025', until: '2026-01-31', openedAt: '2025-11-03T10:00:00+01:00' })],
      '2025-11-20T10:00:00+01:00',
      S,
      '2024-2025',
    );
    expect(
      write('2025-11-20T10:00:00+01:00', '2026-01-31', past, { schoolYear: '2024-2025' }),
    ).toBeUndefined();
    expect(
      write('2025-11-20T10:00:00+01:00', '2026-01-31', undefined, { schoolYear: '2024-2025' })?.code,
    ).toBe('deadline_passed');
    const delivered = { status: 'delivered' as const, deliveryDate: '2025-06-15' };
    expect(
      write('2025-11-20T10:00:00+01:00', '2026-01-20', past, { schoolYear: '2024-2025', existing: delivered })
        ?.code,
    ).toBe('already_delivered');
  });
});

describe('the status in a window', () => {
  const now = at('2026-07-02T10:00:00+02:00');
  const catchUp = effect([windowOf()], '2026-07-02T10:00:00+02:00');

  it('is not deadline_missed while a window covers the school: the board can still give consent', () => {
    const without = schoolYearStatus({ schoolYear: Y, currentExportId: 'e1', consent: undefined }, now);
    expect([without.state, without.deadlineMissed, without.catchUp]).toEqual(['deadline_missed', true, null]);
    const within = schoolYearStatus(
      { schoolYear: Y, currentExportId: 'e1', consent: undefined, catchUp },
      now,
    );
    expect([within.state, within.action, within.deadlineMissed, within.catchUp?.until]).toEqual([
      'export_without_consent',
      'no_consent',
      false,
      '2026-09-01',
    ]);
    const noData = schoolYearStatus(
      { schoolYear: Y, currentExportId: undefined, consent: undefined, catchUp },
      now,
    );
    expect([noData.state, noData.action]).toEqual(['no_export', 'no_export']);
  });

  it('shows no window for a delivered year, and a consent given in it as scheduled', () => {
    const delivered = schoolYearStatus(
      { schoolYear: Y, currentExportId: 'e1', consent: undefined, delivered: true, catchUp },
      now,
    );
    expect([delivered.state, delivered.catchUp]).toEqual(['delivered', null]);
    const consent = {
      status: 'active' as const,
      exportId: 'e1',
      deliveryDate: '2026-08-15',
      level: 'school' as const,
    };
    const planned = schoolYearStatus({ schoolYear: Y, currentExportId: 'e1', consent, catchUp }, now);
    expect([planned.state, planned.action, planned.locked]).toEqual(['scheduled', undefined, false]);
  });
});

describe('opening a window', () => {
  const now = at('2026-07-02T10:00:00+02:00');

  it('needs a real, current or past school year and an until after its 1 July, from tomorrow, within a year', () => {
    expect(windowProblems({ schoolYear: Y, until: '2026-09-01', now })).toEqual([]);
    expect(windowProblems({ schoolYear: '2026-2027', until: '2027-09-01', now })[0]).toMatch(/current one/);
    expect(windowProblems({ schoolYear: '2014-2015', until: '2026-09-01', now })[0]).toMatch(/2015-2016/);
    expect(windowProblems({ schoolYear: '2025-2027', until: '2026-09-01', now })[0]).toMatch(/school year/);
    expect(windowProblems({ schoolYear: Y, until: '2026-09-31', now })[0]).toMatch(/real date/);
    expect(windowProblems({ schoolYear: Y, until: '2026-07-01', now }).join()).toMatch(/after 2026-07-01/);
    expect(windowProblems({ schoolYear: Y, until: '2026-07-02', now }).join()).toMatch(/2026-07-03 or later/);
    expect(latestUntil(Y)).toBe('2027-07-01');
    expect(windowProblems({ schoolYear: Y, until: '2027-07-01', now })).toEqual([]);
    expect(windowProblems({ schoolYear: Y, until: '2027-07-02', now }).join()).toMatch(/at the latest/);
    // A past year: 2024-2025 until a year after its 1 July; 2023-2024's bound has passed.
    const autumn = at('2025-11-03T10:00:00+01:00');
    expect(windowProblems({ schoolYear: '2024-2025', until: '2026-01-31', now: autumn })).toEqual([]);
    expect(windowProblems({ schoolYear: '2023-2024', until: '2026-01-31', now: autumn }).join()).toMatch(
      /at the latest/,
    );
  });
});

describe('herstel digest days', () => {
  const w = windowOf({ openedAt: '2026-07-07T14:00:00+02:00', until: '2026-08-15' });

  it('the day after opening, then Mondays, then daily in the last week up to the last consent day', () => {
    expect(isHerstelDay('2026-07-07', w)).toBe(false);
    expect(isHerstelDay('2026-07-08', w)).toBe(true); // a Wednesday: the first day
    expect(isHerstelDay('2026-07-09', w)).toBe(false);
    expect(isHerstelDay('2026-07-13', w)).toBe(true); // a Monday
    expect(isHerstelDay('2026-08-07', w)).toBe(false); // a Friday, 8 days before
    expect(isHerstelDay('2026-08-08', w)).toBe(true);
    expect(isHerstelDay('2026-08-14', w)).toBe(true); // the last consent day
    expect(isHerstelDay('2026-08-15', w)).toBe(false);
  });

  it('starts on 1 July for a window opened before the deadline', () => {
    const early = windowOf({ openedAt: '2026-06-20T10:00:00+02:00' });
    expect(isHerstelDay('2026-06-30', early)).toBe(false);
    expect(isHerstelDay('2026-07-01', early)).toBe(true);
    expect(isHerstelDay('2026-07-02', early)).toBe(false);
  });
});
