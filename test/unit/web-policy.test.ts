/**
 * The web app's "Beleid" form without a browser: who gets the form, the form's values from what the API answers
 * and back (each body checked against the API's own request check, shared/policy/schema.ts), what the form refuses
 * itself, and the line that says who changed the policy last.
 */
import { describe, expect, it } from 'vitest';
import { parsePolicyRequest } from '../../shared/policy/schema.js';
import {
  mayStatePolicy,
  type PolicyValues,
  policyRequest,
  policyUpdatedNl,
  policyValuesOf,
} from '../../web/src/policy.js';
import type { Me } from '../../web/src/types.js';

const TODAY = '2026-03-02';
const EMPTY: PolicyValues = {
  name: '',
  email: '',
  adopted: '',
  protocols: [],
  noProtocols: false,
  programmes: '',
};

/** What `GET /me` says of a person at 22KC00 with these rights, or of a token with a role. */
const meWith = (opts: {
  person: boolean;
  may?: Array<'read' | 'upload' | 'consent'>;
  role?: Me['role'];
}): Me =>
  ({
    role: opts.role ?? 'school',
    person: opts.person ? { name: 'Pim', email: 'p@x.nl', memberships: [] } : null,
    schools: [{ schoolId: '22KC00', may: opts.may ?? ['read'] }],
  }) as unknown as Me;

describe('the Beleid form', () => {
  it('is given to whoever may change the policy: people with the upload right, school and board tokens', () => {
    expect(mayStatePolicy(meWith({ person: true, may: ['read', 'upload'] }), '22KC00')).toBe(true);
    expect(mayStatePolicy(meWith({ person: true, may: ['read'] }), '22KC00')).toBe(false);
    expect(mayStatePolicy(meWith({ person: true, may: ['read', 'upload'] }), '12AB00')).toBe(false);
    expect(mayStatePolicy(meWith({ person: false, role: 'board' }), '22KC00')).toBe(true);
    expect(mayStatePolicy(meWith({ person: false, role: 'vendor' }), '22KC00')).toBe(false);
    expect(mayStatePolicy(meWith({ person: false, role: 'admin' }), '22KC00')).toBe(false);
  });

  it('fills in what is stored, and leaves empty what is not', () => {
    expect(policyValuesOf({ policy: null })).toEqual(EMPTY);
    expect(
      policyValuesOf({
        policy: {
          coordinator: { email: 'k@school.nl' },
          safetyPlanAdopted: '2025-09-15',
          protocols: [],
          programmes: 'KiVa',
        },
      }),
    ).toEqual({
      ...EMPTY,
      email: 'k@school.nl',
      adopted: '2025-09-15',
      noProtocols: true,
      programmes: 'KiVa',
    });
  });

  it('sends what was filled in, trimmed, leaving out what was left empty; the API takes it as sent', () => {
    const out = policyRequest(
      {
        name: ' Karin de Vries ',
        email: '',
        adopted: '2025-09-15',
        protocols: ['klachtenprocedure', 'gedragscode'],
        noProtocols: false,
        programmes: '  ',
      },
      2,
      TODAY,
    );
    expect(out).toEqual({
      ok: true,
      body: {
        coordinator: { name: 'Karin de Vries' },
        safetyPlanAdopted: '2025-09-15',
        protocols: ['gedragscode', 'klachtenprocedure'],
        version: 2,
      },
    });
    if (!out.ok) return;
    const { version, ...policy } = out.body;
    expect(parsePolicyRequest(out.body, TODAY)).toEqual({ ok: true, version, policy });
    // Nothing filled in: an empty policy, which the API takes as "nothing stated".
    expect(policyRequest(EMPTY, 0, TODAY)).toEqual({ ok: true, body: { version: 0 } });
    // "Geen van deze": stated, a plan without any of the protocols.
    expect(policyRequest({ ...EMPTY, noProtocols: true }, 0, TODAY)).toEqual({
      ok: true,
      body: { protocols: [], version: 0 },
    });
  });

  it('round-trips: what the form shows of a stored policy is sent back unchanged', () => {
    const policy = {
      coordinator: { name: 'Piet', email: 'piet@school.nl' },
      safetyPlanAdopted: '2024-01-31',
      protocols: ['internetgebruik' as const, 'pestprotocol' as const],
      programmes: 'KiVa\nRots en Water',
    };
    expect(policyRequest(policyValuesOf({ policy }), 5, TODAY)).toEqual({
      ok: true,
      body: { ...policy, version: 5 },
    });
  });

  it('refuses at the field what it can tell itself: protocols with "geen van deze", a date after today', () => {
    const out = policyRequest(
      { ...EMPTY, protocols: ['pestprotocol'], noProtocols: true, adopted: '2026-03-03' },
      1,
      TODAY,
    );
    expect(out.ok ? [] : out.errors.map((e) => e.field)).toEqual(['protocols', 'safetyPlanAdopted']);
    expect(policyRequest({ ...EMPTY, adopted: TODAY }, 1, TODAY).ok).toBe(true);
  });

  it('says who changed it last, in Dutch, or that nothing was stated yet', () => {
    expect(policyUpdatedNl({ updatedAt: null, updatedByName: null })).toBe(
      'Het beleid van deze school is nog niet ingevuld.',
    );
    expect(
      policyUpdatedNl({
        updatedAt: '2026-03-02T09:00:00.000Z',
        updatedByName: 'Sanne (s@x.nl), schoolleider',
      }),
    ).toBe('Laatst gewijzigd op 2 maart 2026 om 10:00 door Sanne (s@x.nl), schoolleider.');
  });
});
