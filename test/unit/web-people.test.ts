/**
 * The web app's people management without a browser: the routes of the people and invitation pages, the roles in
 * Dutch, the invitation form's checks and body, and the "Rollen wijzigen" form's state and the PUT body it sends
 * (checked against the API's own request schemas).
 */
import { describe, expect, it } from 'vitest';
import { invitationRequestSchema, membershipRequestSchema } from '../../shared/people/requests.js';
import { safeReturnTo } from '../../web/src/oidc.js';
import {
  acceptedNl,
  editorSchools,
  invitationRequest,
  isInvitationSecret,
  managesPeople,
  membershipNl,
  membershipsRequest,
  roleChoiceOf,
  sortedMemberships,
} from '../../web/src/people.js';
import { parseRoute, peopleHref } from '../../web/src/routes.js';

const SCHOOLS = [
  { schoolId: '22KC00', name: 'Voorbeeld College' },
  { schoolId: '12AB00', name: 'De Voorbeeld' },
];
const SECRET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJ_-01234';

describe('routes', () => {
  it('parses the people page and the invitation link', () => {
    expect(peopleHref('41234')).toBe('#/boards/41234/mensen');
    expect(parseRoute('#/boards/41234/mensen')).toEqual({ page: 'people', boardId: '41234' });
    expect(parseRoute(`#/uitnodiging/${SECRET}`)).toEqual({ page: 'invitation', secret: SECRET });
    // A link cut short by a mail client still opens the invitation page, which says so.
    expect(parseRoute('#/uitnodiging/abc')).toEqual({ page: 'invitation', secret: 'abc' });
    expect(parseRoute('#/boards/41234/mensen/x')).toEqual({ page: 'not_found' });
  });

  it('keeps the invitation route through the sign-in round trip', () => {
    expect(safeReturnTo(`#/uitnodiging/${SECRET}`)).toBe(`#/uitnodiging/${SECRET}`);
  });

  it('knows an invitation secret by its shape: 43 base64url characters', () => {
    expect(SECRET).toHaveLength(43);
    expect(isInvitationSecret(SECRET)).toBe(true);
    expect(isInvitationSecret(SECRET.slice(1))).toBe(false);
    expect(isInvitationSecret(`${SECRET.slice(1)}+`)).toBe(false);
  });
});

describe('roles in Dutch', () => {
  it('names a school role with its school and a board role as the board’s', () => {
    expect(membershipNl({ role: 'schoolleider', schoolId: '22KC00' }, SCHOOLS)).toBe(
      'schoolleider van Voorbeeld College (22KC00)',
    );
    expect(membershipNl({ role: 'medewerker', schoolId: '99ZZ00' }, SCHOOLS)).toBe('medewerker van 99ZZ00');
    expect(membershipNl({ role: 'gebruikersbeheerder', schoolId: null }, SCHOOLS)).toBe(
      'gebruikersbeheerder van het bestuur',
    );
  });

  it('lists board roles first, then the schools', () => {
    const sorted = sortedMemberships([
      { role: 'medewerker', schoolId: '22KC00' },
      { role: 'gebruikersbeheerder' },
      { role: 'schoolleider', schoolId: '12AB00' },
      { role: 'bestuurder' },
    ]);
    expect(sorted.map((m) => m.role)).toEqual([
      'bestuurder',
      'gebruikersbeheerder',
      'schoolleider',
      'medewerker',
    ]);
  });

  it('says what an accepted invitation made the person', () => {
    expect(
      acceptedNl(
        { membership: { role: 'schoolleider', schoolId: '22KC00' }, boardName: 'Stichting Voorbeeldscholen' },
        SCHOOLS,
      ),
    ).toBe(
      'U bent nu schoolleider van Voorbeeld College (22KC00), een school van Stichting Voorbeeldscholen.',
    );
    expect(
      acceptedNl({ membership: { role: 'bestuurder' }, boardName: 'Stichting Voorbeeldscholen' }, []),
    ).toBe('U bent nu bestuurder van Stichting Voorbeeldscholen.');
  });

  it('knows a gebruikersbeheerder of a board', () => {
    const ms = [{ scope: 'board', boardId: '41234', role: 'gebruikersbeheerder' }];
    expect(managesPeople(ms, '41234')).toBe(true);
    expect(managesPeople(ms, '41235')).toBe(false);
    expect(managesPeople([{ scope: 'board', boardId: '41234', role: 'bestuurder' }], '41234')).toBe(false);
  });
});

describe('the invitation form', () => {
  it('builds the body the API takes: a school role with its school, a board role without one', () => {
    const school = invitationRequest({
      email: ' Nieuw@VoorbeeldCollege.nl ',
      name: ' Noor Nieuw ',
      role: 'schoolleider',
      schoolId: '22KC00',
    });
    expect(school).toEqual({
      ok: true,
      body: {
        email: 'nieuw@voorbeeldcollege.nl',
        name: 'Noor Nieuw',
        role: 'schoolleider',
        schoolId: '22KC00',
      },
    });
    // A school chosen before switching to a board role is not sent.
    const board = invitationRequest({ email: 'b@x.nl', name: 'B', role: 'bestuurder', schoolId: '22KC00' });
    expect(board).toEqual({ ok: true, body: { email: 'b@x.nl', name: 'B', role: 'bestuurder' } });
    for (const r of [school, board]) {
      if (r.ok) expect(invitationRequestSchema.safeParse(r.body).success).toBe(true);
    }
  });

  it('says at each field what is missing', () => {
    expect(invitationRequest({ email: '', name: '', role: '', schoolId: '' })).toEqual({
      ok: false,
      errors: [
        { field: 'email', message: 'Vul het e-mailadres in.' },
        { field: 'name', message: 'Vul de naam in.' },
        { field: 'role', message: 'Kies een rol.' },
      ],
    });
    const r = invitationRequest({ email: 'geen-adres', name: 'N', role: 'medewerker', schoolId: '' });
    expect(r.ok ? [] : r.errors.map((e) => e.field)).toEqual(['email', 'schoolId']);
  });
});

describe('Rollen wijzigen', () => {
  const memberships = [
    { scope: 'board', boardId: '41234', role: 'bestuurder', schoolId: null },
    { scope: 'school', boardId: '41234', role: 'medewerker', schoolId: '22KC00' },
  ] as const;

  it('starts from the person’s roles, every school of the board listed', () => {
    expect(roleChoiceOf(memberships, SCHOOLS)).toEqual({
      board: ['bestuurder'],
      schools: { '22KC00': 'medewerker', '12AB00': '' },
    });
  });

  it('offers a school the person has a role at even when the board list lacks it', () => {
    expect(editorSchools(SCHOOLS.slice(1), memberships).map((s) => s.schoolId)).toEqual(['12AB00', '22KC00']);
  });

  it('sends all roles at once: board roles in order, one role per school, none for "Geen rol"', () => {
    const out = membershipsRequest({
      board: ['gebruikersbeheerder', 'bestuurder'],
      schools: { '22KC00': 'schoolleider', '12AB00': '' },
    });
    expect(out).toEqual({
      ok: true,
      body: {
        memberships: [
          { role: 'bestuurder' },
          { role: 'gebruikersbeheerder' },
          { role: 'schoolleider', schoolId: '22KC00' },
        ],
      },
    });
    if (out.ok) expect(membershipRequestSchema.safeParse(out.body).success).toBe(true);
    // Unchanged roles round-trip.
    const same = membershipsRequest(roleChoiceOf(memberships, SCHOOLS));
    expect(same.ok && same.body.memberships).toEqual([
      { role: 'bestuurder' },
      { role: 'medewerker', schoolId: '22KC00' },
    ]);
  });

  it('refuses no role at all, pointing at "Verwijderen"', () => {
    const out = membershipsRequest({ board: [], schools: { '22KC00': '' } });
    expect(out.ok).toBe(false);
    expect(out.ok ? '' : out.errors[0]?.message).toContain('Verwijderen');
  });
});
