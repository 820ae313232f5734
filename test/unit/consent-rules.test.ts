import { describe, expect, it } from 'vitest';
import { administrationIssues } from '../../shared/consent/administration.js';
import { ConsentError } from '../../shared/consent/messages.js';
import { representativeness } from '../../shared/consent/representativeness.js';
import { checkConsentRevoke, checkConsentWrite, isLocked, yearWindow } from '../../shared/consent/rules.js';
import {
  type Administration,
  administrationSchema,
  consentRequestSchema,
  type School,
} from '../../shared/model.js';
import {
  addDays,
  amsterdamDate,
  instantOf,
  isIsoDate,
  schoolYearOf,
  startOfDay,
} from '../../shared/time/amsterdam.js';

const at = (iso: string) => new Date(iso);
const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (err) {
    if (err instanceof ConsentError) return err.code;
    throw err;
  }
};
const write = (
  now: string,
  deliveryDate: string,
  existing?: Parameters<typeof checkConsentWrite>[0]['existing'],
) => codeOf(() => checkConsentWrite({ now: at(now), schoolYear: '2025-2026', deliveryDate, existing }));

describe('Amsterdam calendar', () => {
  it('starts days at local midnight, in winter and in summer', () => {
    expect(startOfDay('2026-01-15').toISOString()).toBe('2026-01-14T23:00:00.000Z');
    expect(startOfDay('2026-07-01').toISOString()).toBe('2026-06-30T22:00:00.000Z');
  });

  it('handles the days around the DST changes', () => {
    // DST starts 29 March 2026 at 02:00 and ends 25 October 2026 at 03:00.
    expect(startOfDay('2026-03-29').toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(startOfDay('2026-03-30').toISOString()).toBe('2026-03-29T22:00:00.000Z');
    expect(startOfDay('2026-10-25').toISOString()).toBe('2026-10-24T22:00:00.000Z');
    expect(startOfDay('2026-10-26').toISOString()).toBe('2026-10-25T23:00:00.000Z');
  });

  it('turns wall time into an instant, on DST days too', () => {
    expect(instantOf('2026-03-29', '06:00:00').toISOString()).toBe('2026-03-29T04:00:00.000Z');
    expect(instantOf('2026-03-28', '06:00:00').toISOString()).toBe('2026-03-28T05:00:00.000Z');
    expect(instantOf('2026-10-25', '06:00:00').toISOString()).toBe('2026-10-25T05:00:00.000Z');
    expect(instantOf('2026-07-01', '06:00:00').toISOString()).toBe('2026-07-01T04:00:00.000Z');
  });

  it('reads the Amsterdam date of an instant', () => {
    expect(amsterdamDate(at('2026-06-30T21:59:59Z'))).toBe('2026-06-30');
    expect(amsterdamDate(at('2026-06-30T22:00:00Z'))).toBe('2026-07-01');
  });

  it('knows real dates and school years', () => {
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(schoolYearOf('2025-08-01')).toBe('2025-2026');
    expect(schoolYearOf('2026-07-31')).toBe('2025-2026');
    expect(yearWindow('2025-2026')).toMatchObject({ opens: '2025-08-01', lastDeliveryDate: '2026-07-01' });
  });
});

describe('checkConsentWrite', () => {
  it('accepts a delivery date from tomorrow up to 1 July and says until when it can change', () => {
    expect(
      checkConsentWrite({
        now: at('2026-03-02T10:00:00+01:00'),
        schoolYear: '2025-2026',
        deliveryDate: '2026-03-03',
      }),
    ).toEqual({
      lastChangeDay: '2026-03-02',
    });
    expect(write('2026-03-02T10:00:00+01:00', '2026-07-01')).toBeUndefined();
    expect(write('2026-03-02T10:00:00+01:00', '2026-03-02')).toBe('delivery_date_too_early');
    expect(write('2026-03-02T10:00:00+01:00', '2026-07-02')).toBe('delivery_date_too_late');
    expect(write('2026-03-02T10:00:00+01:00', '2026-02-30')).toBe('invalid_delivery_date');
  });

  it('takes "tomorrow" in Amsterdam, not UTC', () => {
    // 23:30 on 2 March in Amsterdam is still 2 March; 00:30 on 3 March (23:30 UTC the day before) is 3 March.
    expect(write('2026-03-02T23:30:00+01:00', '2026-03-03')).toBeUndefined();
    expect(write('2026-03-03T00:30:00+01:00', '2026-03-03')).toBe('delivery_date_too_early');
  });

  it('accepts consent until 30 June 23:59 and refuses it from 1 July 00:00', () => {
    expect(write('2026-06-30T23:59:59+02:00', '2026-07-01')).toBeUndefined();
    expect(write('2026-07-01T00:00:00+02:00', '2026-07-01')).toBe('deadline_passed');
  });

  it('opens on 1 August of the school year', () => {
    expect(write('2025-07-31T23:59:00+02:00', '2025-09-01')).toBe('school_year_not_started');
    expect(write('2025-08-01T00:00:00+02:00', '2025-09-01')).toBeUndefined();
  });

  it('lets a consent change until 23:59 the day before delivery and locks it at 00:00, across DST', () => {
    const existing = { status: 'active' as const, deliveryDate: '2026-03-30' };
    // 30 March 2026 is the first day of summer time (+02:00).
    expect(write('2026-03-29T23:59:59+02:00', '2026-04-15', existing)).toBeUndefined();
    expect(write('2026-03-30T00:00:00+02:00', '2026-04-15', existing)).toBe('consent_locked');
    expect(isLocked(existing, at('2026-03-29T21:59:59Z'))).toBe(false);
    expect(isLocked(existing, at('2026-03-29T22:00:00Z'))).toBe(true);
  });

  it('locks at local midnight in the week summer time ends', () => {
    const existing = { status: 'active' as const, deliveryDate: '2025-10-27' };
    expect(write('2025-10-26T23:59:00+01:00', '2025-11-15', existing)).toBeUndefined();
    expect(write('2025-10-27T00:00:00+01:00', '2025-11-15', existing)).toBe('consent_locked');
  });

  it('refuses any change after delivery, and ignores a revoked consent', () => {
    expect(
      write('2026-03-02T10:00:00+01:00', '2026-05-01', { status: 'delivered', deliveryDate: '2026-02-01' }),
    ).toBe('already_delivered');
    expect(
      write('2026-03-02T10:00:00+01:00', '2026-05-01', { status: 'revoked', deliveryDate: '2026-02-01' }),
    ).toBeUndefined();
  });

  it('explains in Dutch and English what to do after the deadline', () => {
    try {
      checkConsentWrite({
        now: at('2026-07-02T09:00:00+02:00'),
        schoolYear: '2025-2026',
        deliveryDate: '2026-07-03',
      });
      expect.unreachable();
    } catch (err) {
      const e = err as ConsentError;
      expect(e.status).toBe(409);
      expect(e.message).toMatch(/Deliver directly to the Inspectie.*report/);
      expect(e.details?.messageNl).toMatch(/rechtstreeks aan bij de Inspectie/);
    }
  });
});

describe('checkConsentRevoke', () => {
  const active = { status: 'active' as const, deliveryDate: '2026-05-01' };
  it('revokes until the day before the delivery date', () => {
    expect(
      codeOf(() => checkConsentRevoke({ now: at('2026-04-30T23:59:59+02:00'), existing: active })),
    ).toBeUndefined();
    expect(codeOf(() => checkConsentRevoke({ now: at('2026-05-01T00:00:00+02:00'), existing: active }))).toBe(
      'consent_locked',
    );
  });
  it('has nothing to revoke without an active consent', () => {
    expect(codeOf(() => checkConsentRevoke({ now: at('2026-04-01T10:00:00+02:00') }))).toBe('no_consent');
    expect(
      codeOf(() =>
        checkConsentRevoke({
          now: at('2026-04-01T10:00:00+02:00'),
          existing: { ...active, status: 'revoked' },
        }),
      ),
    ).toBe('no_consent');
  });
});

describe('representativeness', () => {
  const summary = {
    groups: [
      { onderwijssoort: 'havo' as const, leerjaar: 1, respondents: 90 },
      { onderwijssoort: 'havo' as const, leerjaar: 3, respondents: 20 },
    ],
  };
  it('computes response per group and in total, and warns about low response and unsurveyed groups', () => {
    const r = representativeness(
      [
        { onderwijssoort: 'havo', leerjaar: 1, students: 100 },
        { onderwijssoort: 'havo', leerjaar: 3, students: 80 },
        { onderwijssoort: 'havo', leerjaar: 5, students: 60 },
      ],
      summary,
      50,
    );
    expect(r.groups.map((g) => g.responseRate)).toEqual([90, 25, 0]);
    expect(r.total).toEqual({ students: 240, respondents: 110, responseRate: 45.8 });
    expect(r.leerjarenSurveyed).toEqual([1, 3]);
    expect(r.warnings.map((w) => [w.code, w.group?.leerjaar])).toEqual([
      ['low_response', 3],
      ['group_not_surveyed', 5],
    ]);
  });

  it('writes the Dutch warning with a decimal comma', () => {
    const r = representativeness(
      [
        { onderwijssoort: 'havo', leerjaar: 1, students: 720 },
        { onderwijssoort: 'havo', leerjaar: 3, students: 160 },
      ],
      summary,
      50,
    );
    expect(r.warnings.map((w) => w.messageNl)).toEqual([
      'De respons in havo leerjaar 1 is 12,5% (lager dan 50%).',
      'De respons in havo leerjaar 3 is 12,5% (lager dan 50%).',
    ]);
    expect(r.warnings[0]?.message).toBe('Response in havo leerjaar 1 is 12.5% (below 50%).');
  });

  it('warns when only one leerjaar was surveyed', () => {
    const r = representativeness(
      [{ leerjaar: 7, students: 30 }],
      { groups: [{ onderwijssoort: null, leerjaar: 7, respondents: 28 }] },
      50,
    );
    expect(r.warnings.map((w) => w.code)).toEqual(['single_leerjaar']);
    expect(r.warnings[0]?.messageNl).toContain('één leerjaar');
  });

  it('flags more respondents than students', () => {
    const r = representativeness([{ onderwijssoort: 'havo', leerjaar: 1, students: 50 }], summary, 50);
    expect(r.warnings.map((w) => w.code)).toContain('more_respondents_than_students');
  });
});

describe('administration answers: requests are checked harder than stored consents are read', () => {
  const administration = {
    surveyedLeerjaren: [1, 1],
    period: { from: '2026-02-30', to: '2026-03-01' },
    mode: 'online',
    anonymous: true,
    supervision: 'mentor',
    studentCounts: [
      { leerjaar: 1, students: 30 },
      { leerjaar: 1, students: 30 },
    ],
  };

  it('refuses impossible dates and duplicates in a request, each at its path', () => {
    const parsed = consentRequestSchema.safeParse({
      level: 'school',
      deliveryDate: '2026-05-12',
      administration,
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path.join('.'))).toEqual([
      'administration.period.from',
      'administration.surveyedLeerjaren.1',
      'administration.studentCounts.1',
    ]);
  });

  it('still reads a consent stored before these checks, so that it can be shown and delivered', () => {
    expect(administrationSchema.safeParse(administration).success).toBe(true);
    // A period in 1900 or after the delivery date is refused in requests only (administrationIssues).
    const period = { from: '1900-01-01', to: '1900-01-31' };
    expect(administrationSchema.safeParse({ ...administration, period }).success).toBe(true);
  });
});

describe('administrationIssues: the survey period', () => {
  const school: School = {
    schoolId: '22KC00',
    boardId: '41234',
    name: 'Voorbeeld College',
    sector: 'vo',
    onderwijssoorten: ['havo', 'vwo'],
    createdAt: '2026-01-01T00:00:00.000Z',
  };
  const answers = (from: string, to: string): Administration => ({
    surveyedLeerjaren: [1],
    period: { from, to },
    mode: 'online',
    anonymous: true,
    supervision: 'mentor',
    studentCounts: [{ onderwijssoort: 'havo', leerjaar: 1, students: 30 }],
  });
  const issues = (from: string, to: string, deliveryDate = '2026-06-15') =>
    administrationIssues(school, answers(from, to), { schoolYear: '2025-2026', deliveryDate }).map((i) => [
      i.field,
      i.code,
    ]);

  it('accepts a period inside the school year that ends by the delivery date', () => {
    expect(issues('2025-08-01', '2026-06-15')).toEqual([]);
    expect(issues('2026-01-12', '2026-02-06')).toEqual([]);
  });

  it('refuses each end outside 1 August – 31 July of the school year', () => {
    expect(issues('1900-01-01', '1900-01-31')).toEqual([
      ['administration.period.from', 'period_outside_school_year'],
      ['administration.period.to', 'period_outside_school_year'],
    ]);
    expect(issues('2025-07-31', '2026-01-01')).toEqual([
      ['administration.period.from', 'period_outside_school_year'],
    ]);
    expect(issues('2026-01-01', '2026-08-01')).toEqual([
      ['administration.period.to', 'period_outside_school_year'],
    ]);
  });

  it('refuses a period that ends after the delivery date', () => {
    expect(issues('2026-01-12', '2026-06-16')).toEqual([
      ['administration.period.to', 'period_after_delivery_date'],
    ]);
    expect(issues('2026-06-16', '2026-06-20', '2026-06-15')).toEqual([
      ['administration.period.to', 'period_after_delivery_date'],
    ]);
  });
});
