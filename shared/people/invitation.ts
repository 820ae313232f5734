/**
 * Invitations: a board's user administrator invites a person by email to a school or the board with a role.
 * The link in the mail carries a random secret, of which only the SHA-256 is stored; it works once, for the
 * invited address only, and for {@link INVITATION_DAYS} days.
 */
import '../zod-locale.js';
import { createHash, randomBytes } from 'node:crypto';
import * as z from 'zod/mini';
import { boardIdSchema } from '../ids.js';
import { membershipSchema } from './membership.js';

/** How long an invitation link works: a week, long enough for a holiday, short enough for a leaked link. */
export const INVITATION_DAYS = 7;

const timestamp = z.iso.datetime({ offset: true });
const sha256 = z.string().check(z.regex(/^[0-9a-f]{64}$/));

export const invitationSchema = z.object({
  /** Public handle: the first 12 hex characters of the secret's hash. */
  invitationId: z.string().check(z.regex(/^[0-9a-f]{12}$/)),
  tokenHash: sha256,
  email: z.email(),
  name: z.string().check(z.minLength(1), z.maxLength(200)),
  membership: membershipSchema,
  invitedBy: z.string(),
  invitedByName: z.string(),
  createdAt: timestamp,
  expiresAt: timestamp,
  acceptedAt: z.nullable(timestamp),
  /** The `sub` of who accepted it. */
  acceptedBy: z.nullable(z.string()),
});
export type Invitation = z.infer<typeof invitationSchema>;

/** A new invitation secret (256 bits) and its stored hash and id. */
export const newInvitationSecret = (): { secret: string; tokenHash: string; invitationId: string } => {
  const secret = randomBytes(32).toString('base64url');
  const tokenHash = invitationHash(secret);
  return { secret, tokenHash, invitationId: tokenHash.slice(0, 12) };
};

export const invitationHash = (secret: string): string =>
  createHash('sha256').update(secret, 'utf8').digest('hex');

/** The shape of a secret as it can appear in a link: refused before any look-up when it does not fit. */
export const invitationSecretSchema = z.string().check(z.regex(/^[A-Za-z0-9_-]{43}$/));

/** Whether an invitation can still be accepted at `now`. */
export const isOpen = (inv: Invitation, now: Date): boolean =>
  inv.acceptedAt === null && new Date(inv.expiresAt).getTime() > now.getTime();

/** One entry of a board's people log: who changed whose membership, and how. Append-only. */
export const peopleLogEntrySchema = z.object({
  boardId: boardIdSchema,
  at: timestamp,
  actor: z.string(),
  actorName: z.string(),
  action: z.enum([
    'person_invited',
    'invitation_withdrawn',
    'invitation_accepted',
    'membership_changed',
    'person_removed',
    'mail_recipients_changed',
    'join_requested',
    'join_approved',
    'join_refused',
  ]),
  /** Whose membership: the person's address, and their `sub` once known. */
  subject: z.object({ email: z.string(), sub: z.nullable(z.string()) }),
  /** Their memberships at the board (and its schools) that the change took away, and those it gave. */
  before: z.array(membershipSchema),
  after: z.array(membershipSchema),
});
export type PeopleLogEntry = z.infer<typeof peopleLogEntrySchema>;

/** The board's people its mails go to, by `sub`, as its gebruikersbeheerders chose them. */
export const mailRecipientsSchema = z.object({
  boardId: boardIdSchema,
  subs: z.array(z.string()).check(z.maxLength(20)),
  updatedAt: timestamp,
  updatedBy: z.string(),
});
export type MailRecipients = z.infer<typeof mailRecipientsSchema>;

/**
 * A person who signed in through their school's federation (its BRIN in `custom:homeOrg`) but has no role
 * there asks the board for one; the board's gebruikersbeheerders approve (with a role) or refuse it. One open
 * request per person and board.
 */
export const joinRequestSchema = z.object({
  sub: z.string().check(z.minLength(1), z.maxLength(128)),
  email: z.email(),
  name: z.string().check(z.minLength(1), z.maxLength(200)),
  boardId: boardIdSchema,
  schoolId: z.string(),
  requestedAt: timestamp,
});
export type JoinRequest = z.infer<typeof joinRequestSchema>;
