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
  MembershipGoneError,
  type PeopleStore,
  type StillThere,
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

/** A condition that `still` exists, checked in the transaction: the write fails if it ended meanwhile. */
const stillThereCheck = (still: StillThere): TableWrite => ({
  ConditionCheck: {
    Key: keys.membership(still.sub, scopeOf(still.membership)),
    ConditionExpression: EXISTS,
  },
});

/** A parser that answers undefined for an item it cannot read, instead of throwing. */
const lenient = <T>(schema: { safeParse(x: unknown): { success: boolean; data?: T } }) => ({
  parse: (item: unknown): T | undefined => {
    const out = schema.safeParse(item);
    return out.success ? out.data : undefined;
  },
});

/** How a skipped item is reported: one structured line in the function's log (its keys only, never its data). */
const warnSkipped = (detail: Record<string, string>): void => {
  console.warn(JSON.stringify({ level: 'WARN', message: 'unreadable item skipped', ...detail }));
};

export class DynamoPeopleStore implements PeopleStore {
  constructor(
    private readonly table: Table,
    private readonly skipped: (detail: Record<string, string>) => void = warnSkipped,
  ) {}

  membershipsOf(sub: string): Promise<MembershipRecord[]> {
    // Strongly consistent: the authorizer reads this on every request, and a removed person's very next request
    // must be refused (an eventually consistent read may lag for up to a second).
    return this.table.query(queries.membershipsOf(sub), membershipRecordSchema, { consistent: true });
  }

  async ofBoard(boardId: string): Promise<MembershipRecord[]> {
    // Read per item: one unreadable membership must not fail a board's people page, its mails or its reminders
    // (skipping it only gives that person less); the person's own partition stays strict (the authorizer then
    // fails closed for them alone).
    const items = await this.table.query(queries.peopleOfBoard(boardId), lenient(membershipRecordSchema));
    return items.filter((i): i is MembershipRecord => {
      if (i !== undefined) return true;
      this.skipped({ boardId, what: 'membership' });
      return false;
    });
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

  async remove(
    sub: string,
    memberships: readonly Membership[],
    log?: PeopleLogEntry,
    stillThere?: StillThere,
  ): Promise<void> {
    if (memberships.length === 0) return;
    const writes: TableWrite[] = [
      ...memberships.map((m): TableWrite => ({ Delete: { Key: keys.membership(sub, scopeOf(m)) } })),
      ...(log ? [logWrite(log)] : []),
    ];
    await this.transactKeeping(writes, stillThere);
  }

  /** A transaction, with the check that `stillThere` exists as its last write when given. */
  private async transactKeeping(writes: TableWrite[], stillThere: StillThere | undefined): Promise<void> {
    if (!stillThere) return this.table.transact(writes);
    await this.table.transact([...writes, stillThereCheck(stillThere)], {
      conditional: [writes.length],
      error: (cause) => new MembershipGoneError(stillThere.sub, { cause }),
    });
  }

  async replace(
    sub: string,
    before: readonly Membership[],
    after: readonly MembershipRecord[],
    log: PeopleLogEntry,
    stillThere?: StillThere,
  ): Promise<void> {
    const kept = new Set(after.map((r) => keys.membership(sub, scopeOf(r.membership)).sk));
    await this.transactKeeping(
      [
        ...before
          .map((m) => keys.membership(sub, scopeOf(m)))
          .filter((key) => !kept.has(key.sk))
          .map((Key): TableWrite => ({ Delete: { Key } })),
        ...after.map(membershipWrite),
        logWrite(log),
      ],
      stillThere,
    );
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
