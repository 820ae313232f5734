/**
 * People and their memberships: what a person may do in msv follows from these, never from the sign-in itself
 * (signing in only proves an email address). A membership is of one school (school staff) or of one board.
 *
 * | role                  | of     | may                                                                            |
 * |-----------------------|--------|--------------------------------------------------------------------------------|
 * | `schoolleider`        | school | see, upload, and give consent "met toestemming van het bevoegd gezag"          |
 * | `medewerker`          | school | see and upload                                                                 |
 * | `bestuurder`          | board  | see, upload and give consent for every school of the board                     |
 * | `gebruikersbeheerder` | board  | see every school of the board, manage the board's people, get the board's mail |
 */
import '../zod-locale.js';
import * as z from 'zod/mini';
import { boardIdSchema, schoolIdSchema } from '../ids.js';

export const SCHOOL_ROLES = ['schoolleider', 'medewerker'] as const;
export const BOARD_ROLES = ['bestuurder', 'gebruikersbeheerder'] as const;
export type SchoolRole = (typeof SCHOOL_ROLES)[number];
export type BoardRole = (typeof BOARD_ROLES)[number];
export type PersonRole = SchoolRole | BoardRole;

/** How the Dutch pages, mails and the report name each role. */
export const ROLE_NL: Record<PersonRole, string> = {
  schoolleider: 'schoolleider',
  medewerker: 'medewerker',
  bestuurder: 'bestuurder',
  gebruikersbeheerder: 'gebruikersbeheerder',
};

/** A person's place in msv: one school's staff, or one board's. Every membership names its board. */
export const membershipSchema = z.discriminatedUnion('scope', [
  z.strictObject({
    scope: z.literal('school'),
    boardId: boardIdSchema,
    schoolId: schoolIdSchema,
    role: z.enum(SCHOOL_ROLES),
  }),
  z.strictObject({
    scope: z.literal('board'),
    boardId: boardIdSchema,
    role: z.enum(BOARD_ROLES),
  }),
]);
export type Membership = z.infer<typeof membershipSchema>;

/** What a school-level action needs. */
export type SchoolAction = 'read' | 'upload' | 'consent';

const MAY: Record<PersonRole, readonly SchoolAction[]> = {
  schoolleider: ['read', 'upload', 'consent'],
  medewerker: ['read', 'upload'],
  bestuurder: ['read', 'upload', 'consent'],
  gebruikersbeheerder: ['read'],
};

/** Whether a role may take an action (at the school or board it is a membership of). */
export const roleMay = (role: PersonRole, action: SchoolAction): boolean => MAY[role].includes(action);

/**
 * The membership that gives a person an action at a school of a board: their own school's, else their board's.
 * A school membership counts only when the school still belongs to the membership's board, so moving a school to
 * another board ends its old board's people's access.
 */
export const membershipFor = (
  memberships: readonly Membership[],
  school: { schoolId: string; boardId: string },
  action: SchoolAction,
): Membership | undefined =>
  memberships.find(
    (m) =>
      m.boardId === school.boardId &&
      (m.scope === 'board' || m.schoolId === school.schoolId) &&
      roleMay(m.role, action),
  );

/** Whether any membership (of any role) names this school or its board: the school is in the person's view. */
export const seesSchool = (
  memberships: readonly Membership[],
  school: { schoolId: string; boardId: string },
): boolean => membershipFor(memberships, school, 'read') !== undefined;

/**
 * A membership as a short string, for the authorizer's context (which takes only strings):
 * `school:41234:22KC00:schoolleider` or `board:41234:bestuurder`; `;` between memberships. Ids and roles
 * contain neither `:` nor `;`.
 */
export const encodeMemberships = (memberships: readonly Membership[]): string =>
  memberships
    .map((m) =>
      m.scope === 'school' ? `school:${m.boardId}:${m.schoolId}:${m.role}` : `board:${m.boardId}:${m.role}`,
    )
    .join(';');

/** The inverse of {@link encodeMemberships}; a malformed part is dropped (it gives no access). */
export const decodeMemberships = (encoded: string | undefined): Membership[] => {
  const out: Membership[] = [];
  for (const part of (encoded ?? '').split(';')) {
    const f = part.split(':');
    const candidate =
      f[0] === 'school' && f.length === 4
        ? { scope: 'school', boardId: f[1], schoolId: f[2], role: f[3] }
        : f[0] === 'board' && f.length === 3
          ? { scope: 'board', boardId: f[1], role: f[2] }
          : undefined;
    const parsed = membershipSchema.safeParse(candidate);
    if (parsed.success) out.push(parsed.data);
  }
  return out;
};

const timestamp = z.iso.datetime({ offset: true });

/** A membership as stored: the person it is of (as their token named them when it was made), and who made it. */
export const membershipRecordSchema = z.object({
  sub: z.string().check(z.minLength(1), z.maxLength(128)),
  email: z.email(),
  name: z.string().check(z.minLength(1), z.maxLength(200)),
  membership: membershipSchema,
  createdAt: timestamp,
  /** `person:{sub}` of whoever added it, or `operator` for the admin CLI. */
  createdBy: z.string(),
});
export type MembershipRecord = z.infer<typeof membershipRecordSchema>;
