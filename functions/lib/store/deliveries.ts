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
  type MailClaim,
  MailClaimedError,
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

  async claimMail(schoolId: string, schoolYear: string, claim: MailClaim): Promise<void> {
    await this.table.update(
      {
        Key: keys.delivery(schoolId, schoolYear),
        UpdateExpression: 'SET mailClaim = :claim',
        // Delivered, not yet mailed (the record writes mailSentAt as null), and no other attempt's claim holding.
        ConditionExpression: `${EXISTS} AND attribute_type(mailSentAt, :null) AND (attribute_not_exists(mailClaim) OR mailClaim.#until < :now)`,
        ExpressionAttributeNames: { '#until': 'until' },
        ExpressionAttributeValues: {
          ':claim': { token: claim.token, until: claim.until },
          ':null': 'NULL',
          ':now': claim.now,
        },
      },
      (cause) => new MailClaimedError(schoolId, schoolYear, { cause }),
    );
  }

  async releaseMail(schoolId: string, schoolYear: string, token: string): Promise<void> {
    try {
      await this.table.update(
        {
          Key: keys.delivery(schoolId, schoolYear),
          UpdateExpression: 'REMOVE mailClaim',
          ConditionExpression: 'mailClaim.#token = :token',
          ExpressionAttributeNames: { '#token': 'token' },
          ExpressionAttributeValues: { ':token': token },
        },
        (cause) => new MailClaimedError(schoolId, schoolYear, { cause }),
      );
    } catch (err) {
      // Not held by this token (expired and taken by another attempt): nothing of ours to give up.
      if (!(err instanceof MailClaimedError)) throw err;
    }
  }

  async markMailSent(schoolId: string, schoolYear: string, at: string): Promise<void> {
    await this.table.update(
      {
        Key: keys.delivery(schoolId, schoolYear),
        // The claim has done its work: a sent mail is never claimed again (mailSentAt is set).
        UpdateExpression: 'SET mailSentAt = :at REMOVE mailClaim',
        ConditionExpression: EXISTS,
        ExpressionAttributeValues: { ':at': at },
      },
      (cause) => new DeliveryNotFoundError(schoolId, schoolYear, { cause }),
    );
  }
}
