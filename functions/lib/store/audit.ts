/** The audit port on the table: one item per entry in the school year's partition, in time order. */
import { randomBytes } from 'node:crypto';
import { type AuditEntry, auditEntrySchema } from '../../../shared/model.js';
import type { AuditTrail } from '../../../shared/store/audit.js';
import { keys, queries } from '../../../shared/table-design.js';
import type { Item, Table } from './table.js';

/** An audit entry as an item; the random nonce keeps two entries of the same millisecond apart. */
export const auditItem = (entry: AuditEntry): Item => ({
  ...keys.audit(entry.schoolId, entry.schoolYear, entry.at, randomBytes(4).toString('hex')),
  ...entry,
});

export class DynamoAuditTrail implements AuditTrail {
  constructor(private readonly table: Table) {}

  async append(entry: AuditEntry): Promise<void> {
    await this.table.put({ Item: auditItem(entry) });
  }

  list(schoolId: string, schoolYear: string): Promise<AuditEntry[]> {
    return this.table.query(queries.audit(schoolId, schoolYear), auditEntrySchema);
  }
}
