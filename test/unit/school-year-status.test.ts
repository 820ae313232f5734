/**
 * The one school-year status, on both sides of 1 July and of the delivery date (Europe/Amsterdam).
 */
import { describe, expect, it } from 'vitest';
import { type SchoolYearFacts, schoolYearStatus } from '../../shared/school-year-status.js';
import { daysBetween } from '../../shared/time/amsterdam.js';

const YEAR = '2025-2026';
const at = (iso: string) => new Date(iso);
const facts = (over: Partial<SchoolYearFacts> = {}): SchoolYearFacts => ({
  schoolYear: YEAR,
  currentExportId: 'exp-2',
  consent: undefined,
  delivered: false,
  ...over,
});
const consent = (
  deliveryDate: string,
  status: 'active' | 'revoked' | 'delivered' = 'active',
  exportId = 'exp-2',
) => ({
  status,
  deliveryDate,
  exportId,
  level: 'school' as const,
});

describe('schoolYearStatus', () => {
  it('an active consent for 1 July is scheduled on 1 July itself, before and after 00:00', () => {
    const f = facts({ consent: consent('2026-07-01') });
    for (const now of [
      '2026-06-30T23:59:59+02:00',
      '2026-07-01T00:00:00+02:00',
      '2026-07-01T05:59:00+02:00',
    ]) {
      const s = schoolYearStatus(f, at(now));
      expect(s.state, now).toBe('scheduled');
      expect(s.deadlineMissed, now).toBe(false);
      expect(s.action, now).toBeUndefined();
    }
  });

  it('without a consent, the deadline is missed from 00:00 on 1 July in Amsterdam, not before', () => {
    const before = schoolYearStatus(facts(), at('2026-06-30T23:59:59+02:00'));
    expect(before).toMatchObject({ state: 'export_without_consent', deadlineMissed: false, daysLeft: 1 });
    expect(before.action).toBe('no_consent');
    const on = schoolYearStatus(facts(), at('2026-06-30T22:00:00Z'));
    expect(on).toMatchObject({ state: 'deadline_missed', deadlineMissed: true, daysLeft: 0 });
    expect(
      schoolYearStatus(facts({ currentExportId: undefined }), at('2026-07-02T09:00:00+02:00')),
    ).toMatchObject({
      state: 'deadline_missed',
      daysLeft: -1,
      action: 'no_export',
    });
  });

  it('a revoked consent counts as none', () => {
    const s = schoolYearStatus(
      facts({ consent: consent('2026-06-20', 'revoked') }),
      at('2026-06-01T12:00:00+02:00'),
    );
    expect(s).toMatchObject({ state: 'export_without_consent', action: 'no_consent', locked: false });
    expect(s.consent).toBeUndefined();
    expect(
      schoolYearStatus(facts({ consent: consent('2026-06-20', 'revoked') }), at('2026-07-01T08:00:00+02:00'))
        .state,
    ).toBe('deadline_missed');
  });

  it('locks from 00:00 on the delivery date, and names the day before as the last change day', () => {
    const f = facts({ consent: consent('2026-06-16') });
    expect(schoolYearStatus(f, at('2026-06-15T23:59:59+02:00'))).toMatchObject({
      locked: false,
      lastChangeDay: '2026-06-15',
      state: 'scheduled',
    });
    expect(schoolYearStatus(f, at('2026-06-16T00:00:00+02:00'))).toMatchObject({
      locked: true,
      state: 'scheduled',
    });
  });

  it('delivered by its record or its consent, then locked, with nothing to do, also after 1 July', () => {
    for (const f of [
      facts({ delivered: true, consent: consent('2026-06-16') }),
      facts({ consent: consent('2026-06-16', 'delivered') }),
    ]) {
      const s = schoolYearStatus(f, at('2026-07-15T12:00:00+02:00'));
      expect(s).toMatchObject({
        state: 'delivered',
        deadlineMissed: false,
        locked: true,
        lastChangeDay: null,
      });
      expect(s.action).toBeUndefined();
    }
  });

  it('a newer export than the one pinned: scheduled, and the board must give consent again', () => {
    const s = schoolYearStatus(
      facts({ consent: consent('2026-06-16', 'active', 'exp-1') }),
      at('2026-06-01T12:00:00+02:00'),
    );
    expect(s).toMatchObject({ state: 'scheduled', newerExportAvailable: true, action: 'newer_export' });
    const delivered = schoolYearStatus(
      facts({ delivered: true, consent: consent('2026-06-16', 'delivered', 'exp-1') }),
      at('2026-06-20T12:00:00+02:00'),
    );
    expect(delivered.newerExportAvailable).toBe(false);
  });

  it('an active consent whose date passed without a delivery stays scheduled, also after 1 July', () => {
    // The pipeline still delivers it (reconciliation, alarm): telling the board to deliver by hand would send
    // the Inspectie the data twice.
    for (const date of ['2026-06-20', '2026-07-01']) {
      const s = schoolYearStatus(facts({ consent: consent(date) }), at('2026-07-02T07:00:00+02:00'));
      expect(s, date).toMatchObject({ state: 'scheduled', deadlineMissed: false, locked: true });
    }
  });

  it('asks for consent again on a newer export only while the consent can still be changed', () => {
    const f = facts({ consent: consent('2026-06-16', 'active', 'exp-1') });
    expect(schoolYearStatus(f, at('2026-06-15T12:00:00+02:00')).action).toBe('newer_export');
    const locked = schoolYearStatus(f, at('2026-06-16T08:00:00+02:00'));
    expect(locked).toMatchObject({ newerExportAvailable: true, locked: true });
    expect(locked.action).toBeUndefined();
  });

  it('no export and no consent before 1 July', () => {
    expect(
      schoolYearStatus(facts({ currentExportId: undefined }), at('2026-03-01T12:00:00+01:00')),
    ).toMatchObject({
      state: 'no_export',
      action: 'no_export',
      lastDeliveryDate: '2026-07-01',
      daysLeft: 122,
    });
  });
});

describe('daysBetween', () => {
  it('counts calendar days across the DST changes', () => {
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
    expect(daysBetween('2026-10-24', '2026-10-26')).toBe(2);
    expect(daysBetween('2026-07-02', '2026-07-01')).toBe(-1);
  });

  describe('a "latest" consent', () => {
    const latest = (deliveryDate: string, over: Record<string, unknown> = {}) => ({
      ...consent(deliveryDate),
      exportPolicy: 'latest' as const,
      exportId: undefined,
      ...over,
    });

    it('before any upload waits for data, and asks for it until its date', () => {
      const s = schoolYearStatus(
        facts({ currentExportId: undefined, consent: latest('2026-06-01') }),
        at('2026-03-01T12:00:00+01:00'),
      );
      expect(s).toMatchObject({ state: 'awaiting_data', action: 'awaiting_data', locked: false });
      expect(s.lastChangeDay).toBe('2026-05-31');
    });

    it('with data is scheduled, and a newer upload never needs consent again', () => {
      const s = schoolYearStatus(
        facts({ currentExportId: 'exp-3', consent: latest('2026-06-01', { exportId: 'exp-2' }) }),
        at('2026-03-01T12:00:00+01:00'),
      );
      expect(s).toMatchObject({ state: 'scheduled', newerExportAvailable: false });
      expect(s.action).toBeUndefined();
    });

    it('still without data on 1 July has missed the deadline', () => {
      const s = schoolYearStatus(
        facts({ currentExportId: undefined, consent: latest('2026-07-01') }),
        at('2026-07-01T03:00:00+02:00'),
      );
      expect(s.state).toBe('deadline_missed');
    });

    it('whose date came without data plans nothing and asks for a new date, unlocked', () => {
      const noData = {
        deliveryDate: '2026-03-16',
        reason: 'no_export',
        at: '2026-03-16T05:00:00Z',
        mailSentAt: null,
      };
      const f = facts({ currentExportId: undefined, consent: latest('2026-03-16', { noData }) });
      const s = schoolYearStatus(f, at('2026-03-17T12:00:00+01:00'));
      expect(s).toMatchObject({ state: 'no_export', action: 'new_date', locked: false, lastChangeDay: null });
      // Data uploaded since: still a new date to choose, with data now waiting for it.
      const withData = schoolYearStatus({ ...f, currentExportId: 'exp-9' }, at('2026-03-17T12:00:00+01:00'));
      expect(withData).toMatchObject({ state: 'export_without_consent', action: 'new_date' });
      // After 1 July, no new date is possible: the year is missed.
      const after = schoolYearStatus(f, at('2026-07-02T12:00:00+02:00'));
      expect(after).toMatchObject({ state: 'deadline_missed', action: 'no_export' });
    });
  });

  it('a school that delivers through another provider has nothing to do in msv, never missed', () => {
    for (const now of ['2026-05-04T12:00:00+02:00', '2026-07-02T12:00:00+02:00']) {
      const s = schoolYearStatus(facts({ elsewhere: true }), at(now));
      expect(s, now).toMatchObject({ state: 'elsewhere', deadlineMissed: false });
      expect(s.action, now).toBeUndefined();
    }
    // A catch-up window in effect is not its window: it is counted neither in it nor shown it.
    const window = { windowId: 'w1', until: '2026-09-01', lastConsentDay: '2026-08-31' };
    const marked = schoolYearStatus(
      facts({ elsewhere: true, catchUp: window }),
      at('2026-07-02T12:00:00+02:00'),
    );
    expect(marked).toMatchObject({ state: 'elsewhere', catchUp: null });
    // A delivery by msv stays what it is.
    expect(
      schoolYearStatus(facts({ elsewhere: true, delivered: true }), at('2026-07-02T12:00:00+02:00')).state,
    ).toBe('delivered');
  });
});
