/**
 * The deliveries port on the table: the delivery record in the school year's partition, written in the one
 * transaction that marks the consent delivered and removes its delivery-date reference.
 */
import type { Consent, DeliveryRecord } from '../../../shared/model.js';
import { deliveryRecordSchema } from '../../../shared/model.js';
import type { DeliveryStore } from '../../../shared/store/deliveries.js';
import { keys } from '../../../shared/table-design.js';
import { lostRace } from '../transaction-errors.js';
import { EXISTS, IS_NEW, type Table } from './table.js';

export class DynamoDeliveryStore implements DeliveryStore {
  constructor(private readonly table: Table) {}

  get(schoolId: string, schoolYear: string): Promise<DeliveryRecord | undefined> {
    return this.table.get(keys.delivery(schoolId, schoolYear), deliveryRecordSchema);
  }

  async markDelivered(consent: Consent, record: DeliveryRecord): Promise<boolean> {
    const { schoolId, schoolYear } = consent;
    try {
      await this.table.transact([
        {
          Update: {
            Key: keys.consent(schoolId, schoolYear),
            UpdateExpression: 'SET #s = :delivered, version = :next, updatedAt = :at',
            // Only the very consent the worker read: not revoked, moved or delivered meanwhile.
            ConditionExpression: '#s = :active AND version = :v AND deliveryDate = :date',
            ExpressionAttributeNames: { '#s': 'status' },
            ExpressionAttributeValues: {
              ':delivered': 'delivered',
              ':active': 'active',
              ':v': consent.version,
              ':next': consent.version + 1,
              ':date': consent.deliveryDate,
              ':at': record.deliveredAt,
            },
          },
        },
        { Put: { Item: { ...keys.delivery(schoolId, schoolYear), ...record }, ConditionExpression: IS_NEW } },
        { Delete: { Key: keys.deliveryRef(consent.deliveryDate, schoolId, schoolYear) } },
      ]);
      return true;
    } catch (err) {
      // Item 0 is the consent (still this active version), item 1 the delivery record (none yet).
      if (lostRace(err, [0, 1])) return false;
      throw err;
    }
  }

  async markMailSent(schoolId: string, schoolYear: string, at: string): Promise<void> {
    await this.table.update({
      Key: keys.delivery(schoolId, schoolYear),
      UpdateExpression: 'SET mailSentAt = :at',
      ConditionExpression: EXISTS,
      ExpressionAttributeValues: { ':at': at },
    });
  }
}
