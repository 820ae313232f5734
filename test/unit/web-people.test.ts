/**
 * The web app's people management without a browser: the routes of the people and invitation pages, the roles in
 * Dutch, the invitation form's checks and body, and the "Rollen wijzigen" form's state and the PUT body it sends
 * (checked against the API's own request schemas); who may receive the board's mails and what the page says
 * about where they go; the decision on a join request; the start page of a person who signed in through a
 * school without a role there.
 */
import { describe, expect, it } from 'vitest';
import {
  invitationRequestSchema,
  joinDecisionSchema,
  mailRecipientsRequestSchema,
  membershipRequestSchema,
} from '../../shared/people/requests.js';
import { safeReturnTo } from '../../web/src/oidc.js';
import {
  acceptedNl,
  editorSchools,
  homeSchoolNl,
  invitationRequest,
  isInvitationSecret,
  joinDecisionRequest,
  joinSentNl,
  listNl,
  mailCandidates,
  mailRecipientsNl,
  mailRecipientsRequest,
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

describe('the board’s mail recipients', () => {
  const person = (name: string, ...memberships: Array<{ scope: string; role: string }>) => ({
    sub: name.toLowerCase(),
    name,
    email: `${name.toLowerCase()}@x.nl`,
    memberships,
  });
  const people = [
    person('Sanne', { scope: 'school', role: 'schoolleider' }),
    person('Bram', { scope: 'board', role: 'bestuurder' }),
    person('Bea', { scope: 'board', role: 'gebruikersbeheerder' }, { scope: 'school', role: 'medewerker' }),
  ];

  it('offers only people with a role at the board itself, by name', () => {
    expect(mailCandidates(people).map((p) => p.name)).toEqual(['Bea', 'Bram']);
  });

  it('sends the ticked people once each; none ticked is the way back to the registered addresses', () => {
    const body = mailRecipientsRequest(['bea', 'bram', 'bea']);
    expect(body).toEqual({ subs: ['bea', 'bram'] });
    expect(mailRecipientsRequestSchema.safeParse(body).success).toBe(true);
    expect(mailRecipientsRequestSchema.safeParse(mailRecipientsRequest([])).success).toBe(true);
  });

  it('says where the mails go, and when that is the registered addresses', () => {
    expect(listNl([])).toBe('');
    expect(listNl(['a'])).toBe('a');
    expect(listNl(['a', 'b', 'c'])).toBe('a, b en c');
    expect(mailRecipientsNl({ emails: ['beheer@x.nl'], fallback: true })).toBe(
      'Nu gaan de mails naar de adressen waarmee het bestuur is aangemeld: beheer@x.nl.',
    );
    expect(mailRecipientsNl({ emails: ['bea@x.nl', 'bram@x.nl'], fallback: false })).toBe(
      'De mails gaan naar: bea@x.nl en bram@x.nl.',
    );
    expect(mailRecipientsNl({ emails: [], fallback: true })).toContain('geen adres');
  });
});

describe('join requests', () => {
  it('approves with a school role, or refuses: bodies the API takes', () => {
    const approve = joinDecisionRequest('approve', 'medewerker');
    expect(approve).toEqual({ ok: true, body: { decision: 'approve', role: 'medewerker' } });
    const refuse = joinDecisionRequest('refuse', '');
    expect(refuse).toEqual({ ok: true, body: { decision: 'refuse' } });
    for (const r of [approve, refuse]) {
      if (r.ok) expect(joinDecisionSchema.safeParse(r.body).success).toBe(true);
    }
  });

  it('refuses an approval without a role, or with a board role, at the role field', () => {
    expect(joinDecisionRequest('approve', '')).toEqual({
      ok: false,
      errors: [{ field: 'role', message: 'Kies een rol.' }],
    });
    expect(joinDecisionRequest('approve', 'bestuurder').ok).toBe(false);
  });

  it('tells the requester where they stand', () => {
    const home = { schoolId: '22KC00', name: 'Voorbeeld College', boardId: '41234', requested: false };
    expect(homeSchoolNl(home)).toBe(
      'U bent ingelogd via Voorbeeld College (22KC00), maar u heeft daar nog geen rol in msv.',
    );
    expect(homeSchoolNl({ ...home, requested: true })).toContain('uw verzoek is nog niet beoordeeld');
    expect(joinSentNl({ boardName: 'Stichting Voorbeeldscholen' })).toBe(
      'Uw verzoek is gestuurd naar de gebruikersbeheerder van Stichting Voorbeeldscholen. U krijgt een e-mail als het is beoordeeld.',
    );
  });
});
