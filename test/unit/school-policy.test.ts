/**
 * A school's policy (shared/policy/): the request's checks with their stable codes and fields, the normalised
 * policy, the next stored version and its history, who may read and write, and the report's rows — "niet
 * opgegeven" for what the school did not state, never a value it did not give.
 */
import { describe, expect, it } from 'vitest';
import type { Principal } from '../../shared/model.js';
import type { Membership } from '../../shared/people/membership.js';
import { mayReadPolicy, type PolicyActor, policyWriterOf } from '../../shared/policy/access.js';
import { PROTOCOL_CODES, PROTOCOLS } from '../../shared/policy/protocols.js';
import {
  nextPolicyRecord,
  POLICY_HISTORY_LIMIT,
  type PolicyRecord,
  versionMatches,
} from '../../shared/policy/record.js';
import { missingPolicyItems, NOT_GIVEN, policyForReport } from '../../shared/policy/report.js';
import { parsePolicyRequest, policyRequestSchema, schoolPolicySchema } from '../../shared/policy/schema.js';

const TODAY = '2026-03-02';
const issuesOf = (input: unknown) => {
  const out = parsePolicyRequest(input, TODAY);
  return out.ok ? [] : out.issues.map((i) => [i.field, i.code]);
};

describe('the policy request', () => {
  it('takes a full policy, trimmed, with the protocols in the list’s order', () => {
    const out = parsePolicyRequest(
      {
        coordinator: { name: '  Karin de Vries ', email: ' k.devries@school.nl ' },
        safetyPlanAdopted: '2025-09-15',
        protocols: ['klachtenprocedure', 'pestprotocol', 'internetgebruik'],
        programmes: '  KiVa\nRots en Water  ',
        version: 3,
      },
      TODAY,
    );
    expect(out).toEqual({
      ok: true,
      version: 3,
      policy: {
        coordinator: { name: 'Karin de Vries', email: 'k.devries@school.nl' },
        safetyPlanAdopted: '2025-09-15',
        protocols: ['internetgebruik', 'pestprotocol', 'klachtenprocedure'],
        programmes: 'KiVa\nRots en Water',
      },
    });
  });

  it('takes every field as optional: an empty policy, a coordinator with a name only; today is not the future', () => {
    expect(parsePolicyRequest({}, TODAY)).toEqual({ ok: true, version: undefined, policy: {} });
    expect(parsePolicyRequest({ coordinator: {} }, TODAY)).toEqual({
      ok: true,
      version: undefined,
      policy: {},
    });
    expect(parsePolicyRequest({ coordinator: { name: 'Jan' }, protocols: [] }, TODAY)).toMatchObject({
      ok: true,
      policy: { coordinator: { name: 'Jan' }, protocols: [] },
    });
    expect(issuesOf({ safetyPlanAdopted: TODAY })).toEqual([]);
  });

  it('refuses unknown fields by name, at the top and in the coordinator', () => {
    expect(issuesOf({ protocol: ['pestprotocol'], coordinator: { name: 'A', phone: '06' } })).toEqual(
      expect.arrayContaining([
        ['protocol', 'unknown_field'],
        ['coordinator.phone', 'unknown_field'],
      ]),
    );
    const out = parsePolicyRequest(JSON.parse('{"__proto__": {"x": 1}, "constructor": 1}'), TODAY);
    expect(out.ok ? [] : out.issues.map((i) => [i.field, i.code]).sort()).toEqual([
      ['__proto__', 'unknown_field'],
      ['constructor', 'unknown_field'],
    ]);
    const long = parsePolicyRequest({ ['x'.repeat(5000)]: 1 }, TODAY);
    expect(long.ok ? '' : long.issues[0]?.field.length).toBeLessThan(70);
  });

  it('names every bad field with a stable code', () => {
    expect(
      issuesOf({
        coordinator: { name: '   ', email: 'niet-een-adres' },
        safetyPlanAdopted: '2026-02-30',
        protocols: ['pestprotocol', 'onbekend'],
        programmes: 'x'.repeat(2001),
        version: -1,
      }),
    ).toEqual([
      ['coordinator.name', 'empty'],
      ['coordinator.email', 'invalid_email'],
      ['safetyPlanAdopted', 'invalid_date'],
      ['protocols.1', 'unknown_protocol'],
      ['programmes', 'too_long'],
      ['version', 'invalid_version'],
    ]);
    expect(issuesOf({ coordinator: { name: 'A'.repeat(201) } })).toEqual([['coordinator.name', 'too_long']]);
    expect(issuesOf({ coordinator: { name: 'Jan\u0000' } })).toEqual([
      ['coordinator.name', 'invalid_characters'],
    ]);
    expect(issuesOf({ programmes: 'a\u0007b' })).toEqual([['programmes', 'invalid_characters']]);
    expect(issuesOf({ programmes: 'regel 1\r\n\tregel 2' })).toEqual([]);
    expect(issuesOf({ coordinator: 'Jan', protocols: 'pestprotocol', safetyPlanAdopted: 20250101 })).toEqual([
      ['coordinator', 'invalid_type'],
      ['safetyPlanAdopted', 'invalid_type'],
      ['protocols', 'invalid_type'],
    ]);
    expect(issuesOf([])).toEqual([['', 'invalid_type']]);
    expect(issuesOf({ version: 1.5 })).toEqual([['version', 'invalid_version']]);
  });

  it('refuses a date in the future, before 2000 or not written as YYYY-MM-DD, along with other issues', () => {
    expect(issuesOf({ safetyPlanAdopted: '2026-03-03' })).toEqual([['safetyPlanAdopted', 'date_in_future']]);
    expect(issuesOf({ safetyPlanAdopted: '2026-03-03', programmes: '' })).toEqual([
      ['programmes', 'empty'],
      ['safetyPlanAdopted', 'date_in_future'],
    ]);
    expect(issuesOf({ safetyPlanAdopted: '1999-12-31' })).toEqual([['safetyPlanAdopted', 'date_too_early']]);
    expect(issuesOf({ safetyPlanAdopted: '0202-05-01' })).toEqual([['safetyPlanAdopted', 'date_too_early']]);
    for (const d of ['15-09-2025', '2025-9-15', '2025-09-15T00:00:00Z', ' 2025-09-15'])
      expect(issuesOf({ safetyPlanAdopted: d }), d).toEqual([['safetyPlanAdopted', 'invalid_date']]);
  });

  it('refuses a protocol listed twice, at its second place', () => {
    expect(issuesOf({ protocols: ['pestprotocol', 'gedragscode', 'pestprotocol'] })).toEqual([
      ['protocols.2', 'duplicate_protocol'],
    ]);
  });

  it('has the twelve protocols with stable kebab-case codes and Dutch labels', () => {
    expect(PROTOCOLS).toHaveLength(12);
    for (const code of PROTOCOL_CODES) expect(code).toMatch(/^[a-z]+(-[a-z]+)*$/);
    expect(new Set(PROTOCOL_CODES).size).toBe(12);
    expect(issuesOf({ protocols: [...PROTOCOL_CODES].reverse() })).toEqual([]);
    expect(issuesOf({ protocols: [...PROTOCOL_CODES, 'pestprotocol'] })).toEqual([['protocols', 'too_long']]);
  });

  it('stores what it accepts: the normalised policy reads back through the stored schema', () => {
    const out = parsePolicyRequest({ protocols: ['gedragscode'], coordinator: { email: 'a@b.nl' } }, TODAY);
    if (!out.ok) throw new Error('refused');
    expect(schoolPolicySchema.parse(out.policy)).toEqual(out.policy);
    expect(policyRequestSchema.safeParse({ version: 0 }).success).toBe(true);
  });
});

const AT = '2026-03-02T09:00:00.000Z';
const ACTOR: PolicyActor = { id: 'person:s1', display: 'Sanne (s@x.nl), schoolleider' };

describe('the stored versions', () => {
  it('makes version 1, then keeps the one before it in the history; the same policy again changes nothing', () => {
    const first = nextPolicyRecord(undefined, {
      schoolId: '22KC00',
      policy: { programmes: 'KiVa' },
      actor: { ...ACTOR, person: { sub: 's1', name: 'Sanne', email: 's@x.nl', role: 'schoolleider' } },
      at: AT,
    }) as PolicyRecord;
    expect(first).toMatchObject({ version: 1, updatedBy: 'person:s1', history: [] });
    expect(first.updatedByPerson?.role).toBe('schoolleider');
    const second = nextPolicyRecord(first, {
      schoolId: '22KC00',
      policy: { programmes: 'KiVa', protocols: ['pestprotocol'] },
      actor: { id: 'board:abc', display: 'bestuurstoken abc' },
      at: '2026-03-03T09:00:00.000Z',
    }) as PolicyRecord;
    expect(second).toMatchObject({ version: 2, updatedByName: 'bestuurstoken abc' });
    expect(second.updatedByPerson).toBeUndefined();
    expect(second.history).toEqual([
      {
        version: 1,
        policy: { programmes: 'KiVa' },
        updatedAt: AT,
        updatedBy: 'person:s1',
        updatedByName: ACTOR.display,
      },
    ]);
    // Key order does not make a policy different.
    const reordered = { protocols: ['pestprotocol' as const], programmes: 'KiVa' };
    expect(
      nextPolicyRecord(second, { schoolId: '22KC00', policy: reordered, actor: ACTOR, at: AT }),
    ).toBeUndefined();
  });

  it('keeps at most ten earlier versions, newest first', () => {
    let record: PolicyRecord | undefined;
    for (let i = 1; i <= 15; i++) {
      record = nextPolicyRecord(record, {
        schoolId: '22KC00',
        policy: { programmes: `v${i}` },
        actor: ACTOR,
        at: AT,
      });
    }
    expect(record?.version).toBe(15);
    expect(record?.history.map((h) => h.version)).toEqual([14, 13, 12, 11, 10, 9, 8, 7, 6, 5]);
    expect(record?.history).toHaveLength(POLICY_HISTORY_LIMIT);
  });

  it('matches the version a request names: 0 for none stored, anything when it names none', () => {
    const stored = { version: 4 } as PolicyRecord;
    expect(versionMatches(undefined, 0)).toBe(true);
    expect(versionMatches(undefined, 1)).toBe(false);
    expect(versionMatches(stored, 4)).toBe(true);
    expect(versionMatches(stored, 3)).toBe(false);
    expect(versionMatches(stored, undefined)).toBe(true);
  });
});

const school = { schoolId: '22KC00', boardId: '41234' };
const person = (memberships: Membership[]): Principal => ({
  role: 'person',
  sub: 'sub-1',
  email: 'p@school.nl',
  name: 'Pim',
  memberships,
});
const token = (role: 'school' | 'board' | 'vendor' | 'admin'): Principal => ({
  role,
  tokenId: '8c2b391f0028',
  schoolIds: ['22KC00'],
  boardId: '41234',
  label: 'Directie',
});

describe('who may read and write the policy', () => {
  it('lets every caller who sees the school read it, but a vendor token', () => {
    expect(mayReadPolicy(person([]))).toBe(true);
    for (const role of ['school', 'board', 'admin'] as const) expect(mayReadPolicy(token(role))).toBe(true);
    expect(mayReadPolicy(token('vendor'))).toBe(false);
  });

  it('lets the school’s people, the bestuurder and the school’s and board’s tokens write, named as they are', () => {
    const at = (role: 'schoolleider' | 'medewerker'): Membership => ({
      scope: 'school',
      boardId: '41234',
      schoolId: '22KC00',
      role,
    });
    expect(policyWriterOf(person([at('schoolleider')]), school)).toEqual({
      id: 'person:sub-1',
      display: 'Pim (p@school.nl), schoolleider',
      person: { sub: 'sub-1', name: 'Pim', email: 'p@school.nl', role: 'schoolleider' },
    });
    expect(policyWriterOf(person([at('medewerker')]), school)?.person?.role).toBe('medewerker');
    // A bestuurder who is also on the school's staff writes as the board.
    const both = person([at('medewerker'), { scope: 'board', boardId: '41234', role: 'bestuurder' }]);
    expect(policyWriterOf(both, school)?.display).toBe('Pim (p@school.nl), bestuurder');
    expect(policyWriterOf(token('school'), school)).toEqual({
      id: 'school:8c2b391f0028',
      display: 'schooltoken 8c2b391f0028 (Directie)',
    });
    expect(policyWriterOf(token('board'), school)?.display).toBe('bestuurstoken 8c2b391f0028 (Directie)');
  });

  it('refuses the gebruikersbeheerder, a vendor, the operator, and another school’s staff', () => {
    expect(
      policyWriterOf(person([{ scope: 'board', boardId: '41234', role: 'gebruikersbeheerder' }]), school),
    ).toBeUndefined();
    expect(policyWriterOf(token('vendor'), school)).toBeUndefined();
    expect(policyWriterOf(token('admin'), school)).toBeUndefined();
    const elsewhere: Membership = {
      scope: 'school',
      boardId: '41234',
      schoolId: '12AB00',
      role: 'schoolleider',
    };
    expect(policyWriterOf(person([elsewhere]), school)).toBeUndefined();
  });
});

describe('the report’s rows', () => {
  it('names every item as missing when there is no policy, and every protocol "niet opgegeven"', () => {
    const out = policyForReport(null);
    expect(out.rows.map((r) => [r.label, r.value])).toEqual([
      ['Coördinator anti-pestbeleid en aanspreekpunt pesten', NOT_GIVEN],
      ['Contactadres van de coördinator', NOT_GIVEN],
      ['Veiligheidsplan laatst vastgesteld op', NOT_GIVEN],
      ['Protocollen in het veiligheidsplan', NOT_GIVEN],
      ['Programma’s en methoden', NOT_GIVEN],
    ]);
    expect(out.protocols.every((p) => p.value === NOT_GIVEN)).toBe(true);
    expect(out.missing).toEqual([
      'coordinatorName',
      'coordinatorEmail',
      'safetyPlanAdopted',
      'protocols',
      'programmes',
    ]);
    expect(missingPolicyItems(undefined)).toEqual(out.missing);
    expect(missingPolicyItems({})).toEqual(out.missing);
  });

  it('shows what was stated, in Dutch, and only that', () => {
    const out = policyForReport({
      coordinator: { name: 'Karin de Vries' },
      safetyPlanAdopted: '2025-09-15',
      protocols: ['pestprotocol', 'gedragscode'],
    });
    expect(out.rows.map((r) => [r.item, r.value, r.given])).toEqual([
      ['coordinatorName', 'Karin de Vries', true],
      ['coordinatorEmail', NOT_GIVEN, false],
      ['safetyPlanAdopted', '15 september 2025', true],
      ['protocols', 'Gedragscode, Pestprotocol', true],
      ['programmes', NOT_GIVEN, false],
    ]);
    expect(out.missing).toEqual(['coordinatorEmail', 'programmes']);
    expect(out.protocols.find((p) => p.code === 'pestprotocol')?.value).toBe('ja');
    expect(out.protocols.find((p) => p.code === 'rouwverwerking')?.value).toBe('nee');
    expect(out.protocols.map((p) => p.label)).toEqual(PROTOCOLS.map((p) => p.label));
  });

  it('says "geen" for a plan stated to have none of the protocols: stated, not missing', () => {
    const out = policyForReport({ protocols: [] });
    expect(out.rows.find((r) => r.item === 'protocols')).toMatchObject({ value: 'geen', given: true });
    expect(out.protocols.every((p) => p.value === 'nee')).toBe(true);
    expect(out.missing).not.toContain('protocols');
  });
});
