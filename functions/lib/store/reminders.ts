/** The reminders port on the table: one claim item per board and occasion, removed by DynamoDB's TTL. */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { ReminderClaim, ReminderClaims, ReminderOccasion } from '../../../shared/store/reminders.js';
import { keys, TABLE_DESIGN } from '../../../shared/table-design.js';
import { IS_NEW, type Table } from './table.js';

export class DynamoReminderClaims implements ReminderClaims {
  constructor(private readonly table: Table) {}

  async claim(claim: ReminderClaim): Promise<boolean> {
    const { boardId, occasion, claimedAt, schools, expiresAt } = claim;
    const key = keys.reminderClaim(boardId, occasion);
    try {
      await this.table.put({
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
      });
      return true;
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) return false;
      throw err;
    }
  }

  async release(boardId: string, occasion: ReminderOccasion): Promise<void> {
    await this.table.delete(keys.reminderClaim(boardId, occasion));
  }
}
