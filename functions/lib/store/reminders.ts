/** The reminders port on the table: one claim item per board and occasion, removed by DynamoDB's TTL. */
import {
  ReminderAlreadyClaimedError,
  type ReminderClaim,
  type ReminderClaims,
  type ReminderOccasion,
} from '../../../shared/store/reminders.js';
import { keys, TABLE_DESIGN } from '../../../shared/table-design.js';
import { IS_NEW, type Table } from './table.js';

export class DynamoReminderClaims implements ReminderClaims {
  constructor(private readonly table: Table) {}

  async claim(claim: ReminderClaim): Promise<void> {
    const { boardId, occasion, claimedAt, schools, expiresAt } = claim;
    const key = keys.reminderClaim(boardId, occasion);
    await this.table.put(
      {
        Item: {
          ...key,
          boardId,
          marker: key.sk,
          kind: occasion.kind,
          claimedAt,
          schools,
          [TABLE_DESIGN.ttlAttribute]: expiresAt,
        },
        // Only the first run of the day (or year) wins; a concurrent or repeated run sees the claim and stops.
        ConditionExpression: IS_NEW,
      },
      (cause) => new ReminderAlreadyClaimedError(boardId, occasion, { cause }),
    );
  }

  async release(boardId: string, occasion: ReminderOccasion): Promise<void> {
    await this.table.delete(keys.reminderClaim(boardId, occasion));
  }
}
