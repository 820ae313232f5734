/**
 * The people port on the table: a person's memberships in their own partition and invitations by their hash,
 * both listed under their board in gsi1; each board's people log in a partition of its own.
 */
import { randomBytes } from 'node:crypto';
import {
  type Invitation,
  invitationSchema,
  type JoinRequest,
  joinRequestSchema,
  type MailRecipients,
  mailRecipientsSchema,
  type PeopleLogEntry,
  peopleLogEntrySchema,
} from '../../../shared/people/invitation.js';
import {
  type Membership,
  type MembershipRecord,
  membershipRecordSchema,
} from '../../../shared/people/membership.js';
import {
  InvitationNotOpenError,
  JoinRequestGoneError,
  type PeopleStore,
} from '../../../shared/store/people.js';
import { indexKeys, keys, type MembershipScope, queries } from '../../../shared/table-design.js';
import { EXISTS, IS_NEW, type Table, type TableWrite } from './table.js';

const scopeOf = (m: Membership): MembershipScope =>
  m.scope === 'school'
    ? { scope: 'school', schoolId: m.schoolId }
    : { scope: 'board', boardId: m.boardId, role: m.role };

const logWrite = (entry: PeopleLogEntry): TableWrite => ({
  Put: {
    Item: {
      ...keys.peopleLog(entry.boardId, entry.at, randomBytes(4).toString('hex')),
      ...peopleLogEntrySchema.parse(entry),
    },
  },
});

const membershipWrite = (record: MembershipRecord): TableWrite => {
  const parsed = membershipRecordSchema.parse(record);
  const of = scopeOf(parsed.membership);
  return {
    Put: {
      Item: {
        ...keys.membership(parsed.sub, of),
        ...indexKeys.membership(parsed.membership.boardId, parsed.sub, of),
        ...parsed,
      },
    },
  };
};

export class DynamoPeopleStore implements PeopleStore {
  constructor(private readonly table: Table) {}

  membershipsOf(sub: string): Promise<MembershipRecord[]> {
    return this.table.query(queries.membershipsOf(sub), membershipRecordSchema);
  }

  ofBoard(boardId: string): Promise<MembershipRecord[]> {
    return this.table.query(queries.peopleOfBoard(boardId), membershipRecordSchema);
  }

  invitation(tokenHash: string): Promise<Invitation | undefined> {
    return this.table.get(keys.invitation(tokenHash), invitationSchema);
  }

  invitationsOf(boardId: string): Promise<Invitation[]> {
    return this.table.query(queries.invitationsOfBoard(boardId), invitationSchema);
  }

  logOf(boardId: string): Promise<PeopleLogEntry[]> {
    return this.table.query(queries.peopleLog(boardId), peopleLogEntrySchema);
  }

  mailRecipients(boardId: string): Promise<MailRecipients | undefined> {
    return this.table.get(keys.mailRecipients(boardId), mailRecipientsSchema);
  }

  async setMailRecipients(recipients: MailRecipients, log: PeopleLogEntry): Promise<void> {
    const parsed = mailRecipientsSchema.parse(recipients);
    await this.table.transact([
      { Put: { Item: { ...keys.mailRecipients(parsed.boardId), ...parsed } } },
      logWrite(log),
    ]);
  }

  joinRequest(sub: string, boardId: string): Promise<JoinRequest | undefined> {
    return this.table.get(keys.joinRequest(sub, boardId), joinRequestSchema);
  }

  joinRequestsOf(boardId: string): Promise<JoinRequest[]> {
    return this.table.query(queries.joinRequestsOfBoard(boardId), joinRequestSchema);
  }

  async requestToJoin(request: JoinRequest, log: PeopleLogEntry): Promise<void> {
    const parsed = joinRequestSchema.parse(request);
    await this.table.transact([
      {
        Put: {
          Item: {
            ...keys.joinRequest(parsed.sub, parsed.boardId),
            ...indexKeys.joinRequest(parsed.boardId, parsed.sub),
            ...parsed,
          },
        },
      },
      logWrite(log),
    ]);
  }

  async decideJoin(
    request: JoinRequest,
    approved: MembershipRecord | null,
    log: PeopleLogEntry,
  ): Promise<void> {
    await this.table.transact(
      [
        {
          Delete: {
            Key: keys.joinRequest(request.sub, request.boardId),
            // The request as it was read: a newer one (another school) is not decided by this answer.
            ConditionExpression: `${EXISTS} AND requestedAt = :at`,
            ExpressionAttributeValues: { ':at': request.requestedAt },
          },
        },
        ...(approved ? [membershipWrite(approved)] : []),
        logWrite(log),
      ],
      {
        conditional: [0],
        error: (cause) => new JoinRequestGoneError(request.sub, request.boardId, { cause }),
      },
    );
  }

  async put(record: MembershipRecord, log?: PeopleLogEntry): Promise<void> {
    await this.table.transact([membershipWrite(record), ...(log ? [logWrite(log)] : [])]);
  }

  async remove(sub: string, memberships: readonly Membership[], log?: PeopleLogEntry): Promise<void> {
    if (memberships.length === 0) return;
    await this.table.transact([
      ...memberships.map((m): TableWrite => ({ Delete: { Key: keys.membership(sub, scopeOf(m)) } })),
      ...(log ? [logWrite(log)] : []),
    ]);
  }

  async replace(
    sub: string,
    before: readonly Membership[],
    after: readonly MembershipRecord[],
    log: PeopleLogEntry,
  ): Promise<void> {
    const kept = new Set(after.map((r) => keys.membership(sub, scopeOf(r.membership)).sk));
    await this.table.transact([
      ...before
        .map((m) => keys.membership(sub, scopeOf(m)))
        .filter((key) => !kept.has(key.sk))
        .map((Key): TableWrite => ({ Delete: { Key } })),
      ...after.map(membershipWrite),
      logWrite(log),
    ]);
  }

  async invite(invitation: Invitation, log: PeopleLogEntry): Promise<void> {
    const parsed = invitationSchema.parse(invitation);
    await this.table.transact([
      {
        Put: {
          Item: {
            ...keys.invitation(parsed.tokenHash),
            ...indexKeys.invitation(parsed.membership.boardId, parsed.invitationId),
            ...parsed,
          },
          ConditionExpression: IS_NEW,
        },
      },
      logWrite(log),
    ]);
  }

  async withdraw(invitation: Invitation, log: PeopleLogEntry): Promise<void> {
    await this.table.transact(
      [
        {
          Delete: {
            Key: keys.invitation(invitation.tokenHash),
            ConditionExpression: `${EXISTS} AND acceptedAt = :null`,
            ExpressionAttributeValues: { ':null': null },
          },
        },
        logWrite(log),
      ],
      { conditional: [0], error: (cause) => new InvitationNotOpenError(invitation.invitationId, { cause }) },
    );
  }

  async accept(
    invitation: Invitation,
    record: MembershipRecord,
    log: PeopleLogEntry,
    now: Date,
  ): Promise<void> {
    await this.table.transact(
      [
        {
          Update: {
            Key: keys.invitation(invitation.tokenHash),
            UpdateExpression: 'SET acceptedAt = :at, acceptedBy = :sub',
            // Once, and only before it expires: two tabs accepting at once, or a link used after a week.
            ConditionExpression: `${EXISTS} AND acceptedAt = :null AND expiresAt > :now`,
            ExpressionAttributeValues: {
              ':at': now.toISOString(),
              ':sub': record.sub,
              ':null': null,
              ':now': now.toISOString(),
            },
          },
        },
        membershipWrite(record),
        logWrite(log),
      ],
      { conditional: [0], error: (cause) => new InvitationNotOpenError(invitation.invitationId, { cause }) },
    );
  }
}
