/**
 * The people port: memberships of schools and boards (shared/people/membership.ts), the invitations that lead
 * to them (shared/people/invitation.ts), and each board's people log. The authorizer reads a person's
 * memberships on every request, so what a board changes holds from the next request on. Every change writes
 * its log entry in the same transaction.
 */
import type { Invitation, JoinRequest, MailRecipients, PeopleLogEntry } from '../people/invitation.js';
import type { Membership, MembershipRecord } from '../people/membership.js';
import { StoreConditionError } from './condition-error.js';

/** The invitation was accepted, withdrawn or expired meanwhile (or never existed). */
export class InvitationNotOpenError extends StoreConditionError {
  constructor(
    readonly invitationId: string,
    options?: ErrorOptions,
  ) {
    super(`invitation ${invitationId} is not open`, options);
  }
}

/** The join request was decided (or withdrawn) meanwhile, or never existed. */
export class JoinRequestGoneError extends StoreConditionError {
  constructor(
    readonly sub: string,
    readonly boardId: string,
    options?: ErrorOptions,
  ) {
    super(`no open join request of ${sub} at board ${boardId}`, options);
  }
}

/** A membership a change relied on (the board's other gebruikersbeheerder's) ended meanwhile. */
export class MembershipGoneError extends StoreConditionError {
  constructor(
    readonly sub: string,
    options?: ErrorOptions,
  ) {
    super(`a membership of ${sub} this change relies on ended meanwhile`, options);
  }
}

/** A membership that must still exist when a change commits (so two changes cannot each rely on the other). */
export interface StillThere {
  sub: string;
  membership: Membership;
}

/** What functions read of people. */
export interface PeopleReads {
  /** Every membership of a person (by the user pool's `sub`), in sort-key order. */
  membershipsOf(sub: string): Promise<MembershipRecord[]>;
  /** Every membership of a board or of one of its schools (one index partition, no scan). */
  ofBoard(boardId: string): Promise<MembershipRecord[]>;
  /** The invitation whose secret hashes to `tokenHash`, open or not. */
  invitation(tokenHash: string): Promise<Invitation | undefined>;
  /** A board's invitations, open or not. */
  invitationsOf(boardId: string): Promise<Invitation[]>;
  /** A board's people log, oldest first. */
  logOf(boardId: string): Promise<PeopleLogEntry[]>;
  /** Who of the board's people its mails go to, when its gebruikersbeheerders chose; undefined before. */
  mailRecipients(boardId: string): Promise<MailRecipients | undefined>;
  /** A person's open request at a board, if any. */
  joinRequest(sub: string, boardId: string): Promise<JoinRequest | undefined>;
  /** A board's open join requests. */
  joinRequestsOf(boardId: string): Promise<JoinRequest[]>;
}

/** Memberships and invitations as they are kept. */
export interface PeopleStore extends PeopleReads {
  /** Creates a person's membership of a school or board, or replaces it (one per school and per board). */
  put(record: MembershipRecord, log?: PeopleLogEntry): Promise<void>;
  /**
   * Ends a person's memberships; missing ones are fine. With `stillThere`, only while that membership exists
   * (else a {@link MembershipGoneError}).
   */
  remove(
    sub: string,
    memberships: readonly Membership[],
    log?: PeopleLogEntry,
    stillThere?: StillThere,
  ): Promise<void>;
  /** Replaces memberships `before` of a person by `after`, at once (what is in both stays as it is). */
  replace(
    sub: string,
    before: readonly Membership[],
    after: readonly MembershipRecord[],
    log: PeopleLogEntry,
    stillThere?: StillThere,
  ): Promise<void>;
  /** Sets who of the board's people its mails go to. */
  setMailRecipients(recipients: MailRecipients, log: PeopleLogEntry): Promise<void>;
  /** Stores a person's request (replacing an open one of theirs at that board). */
  requestToJoin(request: JoinRequest, log: PeopleLogEntry): Promise<void>;
  /**
   * Decides a request: deletes it and, when approved, gives the membership, at once; a
   * {@link JoinRequestGoneError} when it was decided meanwhile.
   */
  decideJoin(request: JoinRequest, approved: MembershipRecord | null, log: PeopleLogEntry): Promise<void>;
  /** Stores a new invitation. */
  invite(invitation: Invitation, log: PeopleLogEntry): Promise<void>;
  /** Deletes an open invitation; an {@link InvitationNotOpenError} when it was accepted meanwhile or is gone. */
  withdraw(invitation: Invitation, log: PeopleLogEntry): Promise<void>;
  /**
   * Marks an open invitation accepted by `record.sub` and gives them its membership, at once; an
   * {@link InvitationNotOpenError} when it was accepted (by anyone) or expired meanwhile.
   */
  accept(invitation: Invitation, record: MembershipRecord, log: PeopleLogEntry, now: Date): Promise<void>;
}
