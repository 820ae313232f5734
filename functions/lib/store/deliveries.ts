/**
 * The deliveries port on the table: the delivery record in the school year's partition, written in the one
 * transaction that marks the consent delivered and removes its delivery-date reference.
 */
import type { Consent, ConsentAuditEntry, DeliveryRecord } from '../../../shared/model.js';
import { deliveryRecordSchema } from '../../../shared/model.js';
import {
  DeliveryConflictError,
  DeliveryNotFoundError,
  type DeliveryStore,
} from '../../../shared/store/deliveries.js';
import { keys } from '../../../shared/table-design.js';
import { auditItem } from './audit.js';
import { EXISTS, IS_NEW, type Table } from './table.js';

export class DynamoDeliveryStore implements DeliveryStore {
  constructor(private readonly table: Table) {}

  get(schoolId: string, schoolYear: string): Promise<DeliveryRecord | undefined> {
    return this.table.get(keys.delivery(schoolId, schoolYear), deliveryRecordSchema);
  }

  async markDelivered(consent: Consent, record: DeliveryRecord): Promise<void> {
    const { schoolId, schoolYear } = consent;
    await this.table.transact(
      [
        {
          Update: {
            Key: keys.consent(schoolId, schoolYear),
            // The export delivered, named on the consent too: a `latest` one's was found only now.
            UpdateExpression: 'SET #s = :delivered, version = :next, updatedAt = :at, exportId = :exportId',
            // Only the very consent the worker read: not revoked, moved or delivered meanwhile, and not recorded
            // as without data on this date by a concurrent attempt (that record keeps the version on purpose).
            ConditionExpression:
              '#s = :active AND version = :v AND deliveryDate = :date AND (attribute_not_exists(noData) OR noData.deliveryDate <> :date)',
            ExpressionAttributeNames: { '#s': 'status' },
            ExpressionAttributeValues: {
              ':delivered': 'delivered',
              ':active': 'active',
              ':v': consent.version,
              ':next': consent.version + 1,
              ':date': consent.deliveryDate,
              ':at': record.deliveredAt,
              ':exportId': record.exportId,
            },
          },
        },
        { Put: { Item: { ...keys.delivery(schoolId, schoolYear), ...record }, ConditionExpression: IS_NEW } },
        { Delete: { Key: keys.deliveryRef(consent.deliveryDate, schoolId, schoolYear) } },
      ],
      // Item 0 is the consent (still this active version), item 1 the delivery record (none yet).
      { conditional: [0, 1], error: (cause) => new DeliveryConflictError(schoolId, schoolYear, { cause }) },
    );
  }

  async markNoData(
    consent: Consent,
    noData: NonNullable<Consent['noData']>,
    audit: ConsentAuditEntry,
  ): Promise<void> {
    const { schoolId, schoolYear } = consent;
    await this.table.transact(
      [
        {
          Update: {
            Key: keys.consent(schoolId, schoolYear),
            // No new version: the board's own next change, made against the version it holds, must not conflict.
            // Not once another attempt chose an export to deliver, nor a second time for the date (a second worker
            // would reset mailSentAt and add a second history entry).
            UpdateExpression: 'SET noData = :noData',
            ConditionExpression:
              '#s = :active AND version = :v AND deliveryDate = :date AND attribute_not_exists(deliveringExportId) AND (attribute_not_exists(noData) OR noData.deliveryDate <> :date)',
            ExpressionAttributeNames: { '#s': 'status' },
            ExpressionAttributeValues: {
              ':noData': noData,
              ':active': 'active',
              ':v': consent.version,
              ':date': consent.deliveryDate,
            },
          },
        },
        { Delete: { Key: keys.deliveryRef(consent.deliveryDate, schoolId, schoolYear) } },
        { Put: { Item: auditItem(audit) } },
      ],
      { conditional: [0], error: (cause) => new DeliveryConflictError(schoolId, schoolYear, { cause }) },
    );
  }

  async chooseExport(consent: Consent, exportId: string): Promise<void> {
    const { schoolId, schoolYear } = consent;
    await this.table.update(
      {
        Key: keys.consent(schoolId, schoolYear),
        UpdateExpression: 'SET deliveringExportId = :e',
        ConditionExpression:
          '#s = :active AND version = :v AND deliveryDate = :date AND attribute_not_exists(deliveringExportId) AND (attribute_not_exists(noData) OR noData.deliveryDate <> :date)',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: {
          ':e': exportId,
          ':active': 'active',
          ':v': consent.version,
          ':date': consent.deliveryDate,
        },
      },
      (cause) => new DeliveryConflictError(schoolId, schoolYear, { cause }),
    );
  }

  async markNoDataMailSent(consent: Consent, at: string): Promise<void> {
    const { schoolId, schoolYear } = consent;
    await this.table.update(
      {
        Key: keys.consent(schoolId, schoolYear),
        UpdateExpression: 'SET noData.mailSentAt = :at',
        // Still the consent that came without data on this date (not given again meanwhile).
        ConditionExpression: 'version = :v AND noData.deliveryDate = :date',
        ExpressionAttributeValues: { ':at': at, ':v': consent.version, ':date': consent.deliveryDate },
      },
      (cause) => new DeliveryConflictError(schoolId, schoolYear, { cause }),
    );
  }

  async markMailSent(schoolId: string, schoolYear: string, at: string): Promise<void> {
    await this.table.update(
      {
        Key: keys.delivery(schoolId, schoolYear),
        UpdateExpression: 'SET mailSentAt = :at',
        ConditionExpression: EXISTS,
        ExpressionAttributeValues: { ':at': at },
      },
      (cause) => new DeliveryNotFoundError(schoolId, schoolYear, { cause }),
    );
  }
}
