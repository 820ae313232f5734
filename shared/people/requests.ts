/**
 * What a board's user administrator sends to invite a person or set a role: schemas only (the API contract and
 * the web app's types read them), the rules are in people-service.ts.
 */
import '../zod-locale.js';
import * as z from 'zod/mini';
import { schoolIdSchema } from '../ids.js';
import { BOARD_ROLES, SCHOOL_ROLES } from './membership.js';

/** What an invitation asks: a person by address and name, a role, and for a school role the school. */
export const invitationRequestSchema = z
  .strictObject({
    email: z.pipe(
      z.email(),
      z.transform((e) => e.trim().toLowerCase()),
    ),
    name: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
    role: z.enum([...SCHOOL_ROLES, ...BOARD_ROLES]),
    schoolId: z.optional(schoolIdSchema),
  })
  .check(
    z.refine((r) => (SCHOOL_ROLES as readonly string[]).includes(r.role) === (r.schoolId !== undefined), {
      message: 'a school role (schoolleider, medewerker) needs schoolId; a board role has none',
      path: ['schoolId'],
    }),
  );
export type InvitationRequest = z.infer<typeof invitationRequestSchema>;

const roleAt = z.strictObject({
  role: z.enum([...SCHOOL_ROLES, ...BOARD_ROLES]),
  schoolId: z.optional(schoolIdSchema),
});

/**
 * A person's roles at the board and its schools, all of them (what is not listed ends): one role per school,
 * and any of the board's roles.
 */
export const membershipRequestSchema = z.strictObject({
  memberships: z
    .array(
      roleAt.check(
        z.refine((r) => (SCHOOL_ROLES as readonly string[]).includes(r.role) === (r.schoolId !== undefined), {
          message: 'a school role (schoolleider, medewerker) needs schoolId; a board role has none',
          path: ['schoolId'],
        }),
      ),
    )
    .check(
      z.minLength(1, { message: 'at least one role; to remove the person, DELETE them' }),
      z.maxLength(100),
      z.refine((ms) => new Set(ms.map((m) => m.schoolId ?? `board:${m.role}`)).size === ms.length, {
        message: 'one role per school, and each board role once',
      }),
    ),
});
export type MembershipRequest = z.infer<typeof membershipRequestSchema>;

/** Who of the board's people receive its mails, by `sub`; none: the operator's addresses. */
export const mailRecipientsRequestSchema = z.strictObject({
  subs: z.array(z.string().check(z.regex(/^[\w-]{1,128}$/))).check(z.maxLength(20)),
});

/** A gebruikersbeheerder's answer to a join request: approved with a school role, or refused. */
export const joinDecisionSchema = z.union([
  z.strictObject({ decision: z.literal('approve'), role: z.enum(SCHOOL_ROLES) }),
  z.strictObject({ decision: z.literal('refuse') }),
]);

/** Accepting an invitation: the secret from its link (`#/uitnodiging/{secret}`). */
export const acceptInvitationRequestSchema = z.strictObject({ secret: z.string().check(z.maxLength(200)) });
