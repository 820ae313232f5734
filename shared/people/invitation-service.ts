/**
 * Invitations: a board's user administrator invites a person by email to the board or one of its schools with
 * a role; the person accepts with the link from the mail, signed in with that address. The link works once,
 * for the invited address only, until it expires; every change is one transaction with its people-log entry.
 */
import { sendWithRetry } from '../mail/send-with-retry.js';
import type { Board, PersonPrincipal } from '../model.js';
import { InvitationNotOpenError } from '../store/people.js';
import {
  INVITATION_DAYS,
  type Invitation,
  invitationHash,
  invitationSecretSchema,
  isOpen,
  newInvitationSecret,
} from './invitation.js';
import { invitationMail } from './invitation-mail.js';
import type { MembershipRecord } from './membership.js';
import {
  invitationNotFound,
  invitationUsed,
  logEntry,
  membershipOf,
  ownMembership,
  type PeopleActor,
  type PeopleDeps,
  peopleActorOf,
  problem,
  sameScope,
} from './people-common.js';
import type { InvitationRequest } from './requests.js';

/** Invites a person: their account made able to sign in, the invitation stored, the mail sent. */
export const invitePerson = async (
  deps: PeopleDeps,
  input: { board: Board; actor: PeopleActor; request: InvitationRequest },
) => {
  const { board, actor, request } = input;
  // The link must lead to the web app: without its address no invitation is made at all (nor its account).
  if (!deps.appUrl) throw new Error('MSV_APP_URL is not set: an invitation needs the web app address');
  const appUrl = deps.appUrl;
  const { membership, placeName } = await membershipOf(deps, board, request);
  const now = deps.clock.now();
  const [members, invitations] = await Promise.all([
    deps.store.people.ofBoard(board.boardId),
    deps.store.people.invitationsOf(board.boardId),
  ]);
  // A role for oneself only comes from another gebruikersbeheerder (or the operator): not by inviting one's own
  // address, nor by accepting an invitation one sent (below).
  if (actor.email && actor.email.trim().toLowerCase() === request.email) throw ownMembership();
  const member = members.find((m) => m.email === request.email && sameScope(m.membership, membership));
  if (member) {
    if (member.sub === actor.sub) throw ownMembership();
    throw problem(
      409,
      'already_member',
      `${request.email} has a role there already; change it instead.`,
      `${request.email} heeft daar al een rol; wijzig die rol.`,
      { sub: member.sub },
    );
  }
  if (
    invitations.some(
      (i) => isOpen(i, now) && i.email === request.email && sameScope(i.membership, membership),
    )
  ) {
    throw problem(
      409,
      'already_invited',
      `${request.email} is invited there already.`,
      `${request.email} is daar al uitgenodigd.`,
    );
  }
  // First the account (idempotent), so that no stored invitation ever names an address that cannot sign in.
  await deps.directory.ensureUser(request.email, request.name);
  const { secret, tokenHash, invitationId } = newInvitationSecret();
  const invitation: Invitation = {
    invitationId,
    tokenHash,
    email: request.email,
    name: request.name,
    membership,
    invitedBy: actor.id,
    invitedByName: actor.name,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + INVITATION_DAYS * 86_400_000).toISOString(),
    acceptedAt: null,
    acceptedBy: null,
  };
  await deps.store.people.invite(
    invitation,
    logEntry(
      board,
      actor,
      invitation.createdAt,
      'person_invited',
      { email: request.email, sub: null },
      [],
      [membership],
    ),
  );
  const mail = await sendWithRetry(
    deps.mailer,
    invitationMail({ invitation, placeName, link: `${appUrl}/#/uitnodiging/${secret}` }),
    deps.log,
    { what: 'invitation mail', boardId: board.boardId, invitationId },
  );
  return {
    invitation: {
      invitationId,
      email: invitation.email,
      name: invitation.name,
      membership,
      expiresAt: invitation.expiresAt,
    },
    mail,
  };
};

/** Withdraws an open invitation of the board; one of another board answers as a missing one. */
export const withdrawInvitation = async (
  deps: PeopleDeps,
  input: { board: Board; actor: PeopleActor; invitationId: string },
): Promise<void> => {
  const { board, actor, invitationId } = input;
  const invitation = (await deps.store.people.invitationsOf(board.boardId)).find(
    (i) => i.invitationId === invitationId && isOpen(i, deps.clock.now()),
  );
  if (!invitation) throw invitationNotFound();
  try {
    await deps.store.people.withdraw(
      invitation,
      logEntry(
        board,
        actor,
        deps.clock.now().toISOString(),
        'invitation_withdrawn',
        { email: invitation.email, sub: null },
        [invitation.membership],
        [],
      ),
    );
  } catch (err) {
    if (err instanceof InvitationNotOpenError) throw invitationNotFound();
    throw err;
  }
};

/** Accepts an invitation: only with the invited address, once, before it expires. */
export const acceptInvitation = async (
  deps: PeopleDeps,
  input: { person: PersonPrincipal; secret: string },
) => {
  const { person, secret } = input;
  if (!invitationSecretSchema.safeParse(secret).success) throw invitationNotFound();
  const invitation = await deps.store.people.invitation(invitationHash(secret));
  if (!invitation) throw invitationNotFound();
  const now = deps.clock.now();
  if (invitation.acceptedAt !== null) {
    throw invitationUsed();
  }
  if (!isOpen(invitation, now)) {
    throw problem(
      410,
      'invitation_expired',
      'This invitation has expired; ask for a new one.',
      'Deze uitnodiging is verlopen; vraag een nieuwe aan.',
    );
  }
  if (invitation.email !== person.email) {
    throw problem(
      403,
      'invitation_other_address',
      'This invitation is for another email address.',
      'Deze uitnodiging is voor een ander e-mailadres. Log in met het adres waarop u de uitnodiging kreeg.',
    );
  }
  // One's own invitation (sent before one's address became the invited one) gives oneself nothing.
  if (invitation.invitedBy === `person:${person.sub}`) throw ownMembership();
  const board = await deps.store.boards.get(invitation.membership.boardId);
  if (!board) throw invitationNotFound();
  const record: MembershipRecord = {
    sub: person.sub,
    email: person.email,
    name: person.name,
    membership: invitation.membership,
    createdAt: now.toISOString(),
    createdBy: invitation.invitedBy,
  };
  const actor = peopleActorOf(person);
  try {
    await deps.store.people.accept(
      invitation,
      record,
      logEntry(
        board,
        actor,
        record.createdAt,
        'invitation_accepted',
        { email: person.email, sub: person.sub },
        [],
        [invitation.membership],
      ),
      now,
    );
  } catch (err) {
    if (err instanceof InvitationNotOpenError) {
      throw invitationUsed();
    }
    throw err;
  }
  deps.log.info('invitation accepted', { boardId: board.boardId, invitationId: invitation.invitationId });
  return { membership: invitation.membership, boardName: board.name };
};
