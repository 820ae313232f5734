/**
 * The pure parts of a board's people management (no DOM): the roles in Dutch, the invitation form checked and
 * turned into the API's body, and the "Rollen wijzigen" form's state and the PUT body it sends (all of the
 * person's roles at the board: any of the board roles, at most one role per school). The page
 * (pages/board-people.ts) only draws these.
 */
import type { BoardRole, Membership, PersonRole, SchoolRole } from '../../shared/people/membership.js';

export type { BoardRole, Membership, PersonRole, SchoolRole };

/** The roles as the API names them; the shared module's own lists would bring zod into the bundle. */
export const SCHOOL_ROLES: readonly SchoolRole[] = ['schoolleider', 'medewerker'];
export const BOARD_ROLES: readonly BoardRole[] = ['bestuurder', 'gebruikersbeheerder'];

export const isSchoolRole = (role: string): role is SchoolRole =>
  (SCHOOL_ROLES as readonly string[]).includes(role);

/** A membership as the API lists it (a school's has `schoolId`; `GET /me`'s has it null for a board's). */
export type MembershipLike = { role: PersonRole; schoolId?: string | null };

/** How the pages name each role. */
export const ROLE_NL: Record<PersonRole, string> = {
  schoolleider: 'schoolleider',
  medewerker: 'medewerker',
  bestuurder: 'bestuurder',
  gebruikersbeheerder: 'gebruikersbeheerder',
};

/** What each role may do, for the hints next to the choices. */
export const ROLE_HINT_NL: Record<PersonRole, string> = {
  schoolleider: 'uploaden, rapport bekijken en toestemming geven (met toestemming van het bevoegd gezag)',
  medewerker: 'uploaden en rapport bekijken',
  bestuurder: 'alle scholen van het bestuur: uploaden en toestemming geven',
  gebruikersbeheerder: 'alle scholen bekijken, mensen beheren en de e-mails van het bestuur ontvangen',
};

/** A school of the board, as the pages list it. */
export interface SchoolOption {
  schoolId: string;
  name: string;
}

/** The school's name and BRIN, or the BRIN alone when the name is not known. */
export const schoolNl = (schools: readonly SchoolOption[], schoolId: string): string => {
  const school = schools.find((s) => s.schoolId === schoolId);
  return school ? `${school.name} (${schoolId})` : schoolId;
};

/** One membership in Dutch: "schoolleider van Voorbeeld College (22KC00)", "bestuurder van het bestuur". */
export const membershipNl = (m: MembershipLike, schools: readonly SchoolOption[]): string =>
  m.schoolId
    ? `${ROLE_NL[m.role]} van ${schoolNl(schools, m.schoolId)}`
    : `${ROLE_NL[m.role]} van het bestuur`;

/** A person's memberships in the order the page shows them: board roles first, then by school. */
export const sortedMemberships = <M extends MembershipLike>(memberships: readonly M[]): M[] =>
  [...memberships].sort((a, b) => {
    const ka = a.schoolId ? `1${a.schoolId}` : `0${BOARD_ROLES.indexOf(a.role as BoardRole)}`;
    const kb = b.schoolId ? `1${b.schoolId}` : `0${BOARD_ROLES.indexOf(b.role as BoardRole)}`;
    return ka.localeCompare(kb);
  });

/** A problem with one field of a form: `field` is the name the API uses for it. */
export interface FormError {
  field: string;
  message: string;
}

export type Checked<T> = { ok: true; body: T } | { ok: false; errors: FormError[] };

/** `POST /boards/{boardId}/invitations`'s body. */
export interface InvitationBody {
  email: string;
  name: string;
  role: PersonRole;
  schoolId?: string;
}

/** What the invitation form holds, as typed. */
export interface InvitationInput {
  email: string;
  name: string;
  /** '' while no role is chosen. */
  role: string;
  /** '' while no school is chosen; ignored for a board role. */
  schoolId: string;
}

/** A plausible address: something@domain.tld, no spaces (the API checks it properly). */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Checks the invitation form in the order of its fields and builds the body the API takes. */
export const invitationRequest = (input: InvitationInput): Checked<InvitationBody> => {
  const errors: FormError[] = [];
  const email = input.email.trim().toLowerCase();
  const name = input.name.trim();
  if (!email) errors.push({ field: 'email', message: 'Vul het e-mailadres in.' });
  else if (!EMAIL.test(email))
    errors.push({ field: 'email', message: 'Vul een geldig e-mailadres in, zoals naam@school.nl.' });
  if (!name) errors.push({ field: 'name', message: 'Vul de naam in.' });
  else if (name.length > 200)
    errors.push({ field: 'name', message: 'De naam is te lang (meer dan 200 tekens).' });
  const role = input.role as PersonRole;
  if (!(role in ROLE_NL)) {
    errors.push({ field: 'role', message: 'Kies een rol.' });
  } else if (isSchoolRole(role) && !input.schoolId) {
    errors.push({ field: 'schoolId', message: 'Kies de school.' });
  }
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    body: isSchoolRole(role) ? { email, name, role, schoolId: input.schoolId } : { email, name, role },
  };
};

/** The "Rollen wijzigen" form: which board roles are ticked, and the role chosen per school ('' = none). */
export interface RoleChoice {
  board: BoardRole[];
  schools: Record<string, SchoolRole | ''>;
}

/** `PUT /boards/{boardId}/people/{sub}`'s body: all of the person's roles at the board. */
export interface MembershipsBody {
  memberships: Array<{ role: PersonRole; schoolId?: string }>;
}

/** The form's state for a person's current memberships, with every school of the board listed. */
export const roleChoiceOf = (
  memberships: ReadonlyArray<MembershipLike>,
  schools: readonly SchoolOption[],
): RoleChoice => {
  const choice: RoleChoice = { board: [], schools: {} };
  for (const s of schools) choice.schools[s.schoolId] = '';
  for (const m of memberships) {
    if (m.schoolId && isSchoolRole(m.role)) choice.schools[m.schoolId] = m.role;
    else if (!m.schoolId && !isSchoolRole(m.role) && !choice.board.includes(m.role))
      choice.board.push(m.role);
  }
  return choice;
};

/**
 * The schools the form offers: the board's, and any school the person has a role at that is not in that list
 * (so that saving never drops a role the page did not show).
 */
export const editorSchools = (
  boardSchools: readonly SchoolOption[],
  memberships: ReadonlyArray<MembershipLike>,
): SchoolOption[] => {
  const out = [...boardSchools];
  for (const m of memberships) {
    if (m.schoolId && !out.some((s) => s.schoolId === m.schoolId))
      out.push({ schoolId: m.schoolId, name: m.schoolId });
  }
  return out;
};

/** The body for the form's state: board roles in their fixed order, then one role per school. */
export const membershipsRequest = (choice: RoleChoice): Checked<MembershipsBody> => {
  const memberships: MembershipsBody['memberships'] = [
    ...BOARD_ROLES.filter((r) => choice.board.includes(r)).map((role) => ({ role })),
    ...Object.entries(choice.schools)
      .filter((entry): entry is [string, SchoolRole] => entry[1] !== '')
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([schoolId, role]) => ({ role, schoolId })),
  ];
  if (memberships.length === 0) {
    return {
      ok: false,
      errors: [
        {
          field: 'memberships',
          message: 'Kies minstens één rol. Wilt u deze persoon helemaal weghalen? Gebruik dan "Verwijderen".',
        },
      ],
    };
  }
  return { ok: true, body: { memberships } };
};

/** Whether a membership list makes its person a gebruikersbeheerder of `boardId`. */
export const managesPeople = (
  memberships: ReadonlyArray<{ scope: string; boardId: string; role: string }>,
  boardId: string,
): boolean =>
  memberships.some((m) => m.scope === 'board' && m.boardId === boardId && m.role === 'gebruikersbeheerder');

/**
 * What an accepted invitation made the person, in Dutch: "U bent nu schoolleider van Voorbeeld College (22KC00),
 * een school van Stichting Voorbeeldscholen." The school's name comes from `GET /me` asked again.
 */
export const acceptedNl = (
  accepted: { membership: MembershipLike; boardName: string },
  schools: readonly SchoolOption[],
): string => {
  const m = accepted.membership;
  return m.schoolId
    ? `U bent nu ${ROLE_NL[m.role]} van ${schoolNl(schools, m.schoolId)}, een school van ${accepted.boardName}.`
    : `U bent nu ${ROLE_NL[m.role]} van ${accepted.boardName}.`;
};

/** An invitation link's secret: 32 random bytes in base64url, 43 characters. */
export const isInvitationSecret = (secret: string): boolean => /^[A-Za-z0-9_-]{43}$/.test(secret);

/** Dutch enumeration: "a", "a en b", "a, b en c". */
export const listNl = (items: readonly string[]): string =>
  items.length <= 1
    ? (items[0] ?? '')
    : `${items.slice(0, -1).join(', ')} en ${items[items.length - 1] as string}`;

/** A person of the board as the mail choice needs them. */
export interface PersonLike {
  sub: string;
  name: string;
  email: string;
  memberships: ReadonlyArray<{ scope: string; role: string }>;
}

/**
 * Who may receive the board's mails: the people with a role at the board itself (bestuurder or
 * gebruikersbeheerder), by name; a school role alone does not count (the API refuses them: `not_a_board_person`).
 */
export const mailCandidates = <P extends PersonLike>(people: readonly P[]): P[] =>
  people
    .filter((p) => p.memberships.some((m) => m.scope === 'board'))
    .sort((a, b) => a.name.localeCompare(b.name, 'nl'));

/** `PUT /boards/{boardId}/mail-recipients`' body: the ticked people, each once, in the order of the list. */
export const mailRecipientsRequest = (ticked: readonly string[]): { subs: string[] } => ({
  subs: [...new Set(ticked)],
});

/** Where the board's mails go now, in Dutch. */
export const mailRecipientsNl = (r: { emails: readonly string[]; fallback: boolean }): string =>
  r.emails.length === 0
    ? 'Er is geen adres voor de mails van het bestuur bekend. Neem contact op met de beheerder.'
    : r.fallback
      ? `Nu gaan de mails naar de adressen waarmee het bestuur is aangemeld: ${listNl(r.emails)}.`
      : `De mails gaan naar: ${listNl(r.emails)}.`;

/** `PUT /boards/{boardId}/join-requests/{sub}`' body. */
export type JoinDecisionBody = { decision: 'approve'; role: SchoolRole } | { decision: 'refuse' };

/** The decision's body: approving needs a school role chosen ('' = none yet). */
export const joinDecisionRequest = (
  decision: 'approve' | 'refuse',
  role: string,
): Checked<JoinDecisionBody> => {
  if (decision === 'refuse') return { ok: true, body: { decision: 'refuse' } };
  if (!isSchoolRole(role)) return { ok: false, errors: [{ field: 'role', message: 'Kies een rol.' }] };
  return { ok: true, body: { decision: 'approve', role } };
};

/** What the start page says to a person who signed in through a school (Entree) without a role there. */
export const homeSchoolNl = (home: { schoolId: string; name: string; requested: boolean }): string =>
  home.requested
    ? `U bent ingelogd via ${home.name} (${home.schoolId}). U heeft toegang gevraagd; uw verzoek is nog niet ` +
      'beoordeeld. U krijgt een e-mail als het is beoordeeld.'
    : `U bent ingelogd via ${home.name} (${home.schoolId}), maar u heeft daar nog geen rol in msv.`;

/** After `POST /join-requests`: where the request went. */
export const joinSentNl = (answer: { boardName: string }): string =>
  `Uw verzoek is gestuurd naar de gebruikersbeheerder van ${answer.boardName}. U krijgt een e-mail als het is beoordeeld.`;
