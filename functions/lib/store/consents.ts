/**
 * The consents port on the table: the consent in the school year's partition, and while it is active a
 * reference in its delivery date's partition (the index by date the dispatcher and the reconciliation query).
 */
import '../../../shared/zod-locale.js';
import * as z from 'zod/mini';
import { type Consent, type ConsentAuditEntry, consentSchema } from '../../../shared/model.js';
import {
  type ConsentStore,
  ConsentVersionConflictError,
  type DeliveryReference,
} from '../../../shared/store/consents.js';
import { keys, queries } from '../../../shared/table-design.js';
import { auditItem } from './audit.js';
import { IS_NEW, type Table, type TableWrite } from './table.js';

/**
 * A delivery-date reference, read leniently on purpose: whatever its ids hold becomes a string, and a damaged one
 * is the caller's to report apart (shared/delivery/delivery-job.ts jobsFor), so that one bad reference never
 * fails the query, and the other schools of the date are still delivered.
 */
const anyAsString = z.pipe(z.optional(z.unknown()), z.transform(String));
const deliveryRefItem = z.object({ schoolId: anyAsString, schoolYear: anyAsString });

export class DynamoConsentStore implements ConsentStore {
  constructor(private readonly table: Table) {}

  get(schoolId: string, schoolYear: string): Promise<Consent | undefined> {
    return this.table.get(keys.consent(schoolId, schoolYear), consentSchema);
  }

  listOn(deliveryDate: string): Promise<DeliveryReference[]> {
    // Strongly consistent: the re-check after deleting a date's schedule must see a consent committed a moment
    // before (a base-table query allows it, at twice the read cost of a few small items).
    return this.table.query(queries.deliveryRefs(deliveryDate), deliveryRefItem, { consistent: true });
  }

  async write(input: {
    consent: Consent;
    previous: Consent | undefined;
    audit: ConsentAuditEntry;
  }): Promise<void> {
    const { consent, previous, audit } = input;
    const { schoolId, schoolYear } = consent;
    const writes: TableWrite[] = [
      {
        Put: {
          Item: { ...keys.consent(schoolId, schoolYear), ...consent },
          // The optimistic lock: the consent is still the one the caller read (or there was none).
          ConditionExpression: previous ? 'version = :v' : IS_NEW,
          ExpressionAttributeValues: previous ? { ':v': previous.version } : undefined,
        },
      },
      { Put: { Item: auditItem(audit) } },
    ];
    // An active consent never stands beside a "levert via een andere aanbieder" marker (shared/provider).
    if (consent.status === 'active') {
      writes.push({
        ConditionCheck: {
          Key: keys.provider(schoolId, schoolYear),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      });
    }
    const oldRef = previous?.status === 'active' ? previous.deliveryDate : undefined;
    const newRef = consent.status === 'active' ? consent.deliveryDate : undefined;
    if (oldRef && oldRef !== newRef)
      writes.push({ Delete: { Key: keys.deliveryRef(oldRef, schoolId, schoolYear) } });
    if (newRef && newRef !== oldRef) {
      writes.push({
        Put: {
          Item: {
            ...keys.deliveryRef(newRef, schoolId, schoolYear),
            schoolId,
            schoolYear,
            deliveryDate: newRef,
          },
        },
      });
    }
    await this.table.transact(writes, {
      // Item 0 is the consent with its optimistic lock: someone else wrote it since it was read; item 2, for an
      // active consent, the marker's absence (the caller reads again to say which).
      conditional: consent.status === 'active' ? [0, 2] : [0],
      error: (cause) => new ConsentVersionConflictError(schoolId, schoolYear, undefined, { cause }),
    });
  }
}
