/**
 * The exports port on the table: in the school year's partition, one item per export (record and summary), one
 * per export's aggregates (a JSON string: always read whole, and far below the 400 KB item limit as one string),
 * and the current-export pointer.
 */
import '../../../shared/zod-locale.js';
import * as z from 'zod/mini';
import { aggregatesSchema, exportSummarySchema } from '../../../shared/ingest/schemas.js';
import type { Aggregates } from '../../../shared/ingest/types.js';
import { type AuditEntry, exportRecordSchema } from '../../../shared/model.js';
import {
  type CurrentExport,
  ExportExistsError,
  type ExportStore,
  type StoredExport,
} from '../../../shared/store/exports.js';
import { keys, queries } from '../../../shared/table-design.js';
import { auditItem } from './audit.js';
import { IS_NEW, type Parser, type Table } from './table.js';

const exportItemSchema = z.extend(exportRecordSchema, { summary: exportSummarySchema });
/** An export item: its record and its summary (zod's objects drop the key attributes). */
const exportItem: Parser<StoredExport> = {
  parse: (item) => {
    const { summary, ...record } = exportItemSchema.parse(item);
    return { record, summary };
  },
};
const currentItem = z.object({ exportId: z.string() });
const aggregatesItemSchema = z.object({ aggregates: z.string() });
const aggregatesItem: Parser<Aggregates> = {
  parse: (item) => aggregatesSchema.parse(JSON.parse(aggregatesItemSchema.parse(item).aggregates)),
};

export class DynamoExportStore implements ExportStore {
  constructor(private readonly table: Table) {}

  get(schoolId: string, schoolYear: string, exportId: string): Promise<StoredExport | undefined> {
    return this.table.get(keys.export(schoolId, schoolYear, exportId), exportItem);
  }

  async list(schoolId: string, schoolYear: string): Promise<StoredExport[]> {
    const exports = await this.table.query(queries.exports(schoolId, schoolYear), exportItem);
    return exports.sort((a, b) => b.record.acceptedAt.localeCompare(a.record.acceptedAt));
  }

  async getCurrent(schoolId: string, schoolYear: string): Promise<CurrentExport | undefined> {
    const exportId = await this.getCurrentId(schoolId, schoolYear);
    if (!exportId) return undefined;
    const [exp, aggregates] = await Promise.all([
      this.get(schoolId, schoolYear, exportId),
      this.getAggregates(schoolId, schoolYear, exportId),
    ]);
    if (!exp || !aggregates) throw new Error(`current export ${exportId} is incomplete`);
    return { ...exp, aggregates };
  }

  async getCurrentId(schoolId: string, schoolYear: string): Promise<string | undefined> {
    return (await this.table.get(keys.currentExport(schoolId, schoolYear), currentItem))?.exportId;
  }

  getAggregates(schoolId: string, schoolYear: string, exportId: string): Promise<Aggregates | undefined> {
    return this.table.get(keys.aggregates(schoolId, schoolYear, exportId), aggregatesItem);
  }

  async saveAccepted(input: StoredExport & { aggregates: Aggregates; audit: AuditEntry }): Promise<void> {
    const { record, summary, aggregates, audit } = input;
    const { schoolId, schoolYear, exportId } = record;
    await this.table.transact(
      [
        {
          Put: {
            Item: { ...keys.export(schoolId, schoolYear, exportId), ...record, summary },
            ConditionExpression: IS_NEW,
          },
        },
        {
          Put: {
            Item: {
              ...keys.aggregates(schoolId, schoolYear, exportId),
              aggregates: JSON.stringify(aggregates),
            },
          },
        },
        {
          Put: {
            Item: { ...keys.currentExport(schoolId, schoolYear), exportId, acceptedAt: record.acceptedAt },
          },
        },
        { Put: { Item: auditItem(audit) } },
      ],
      // Item 0 is the export record: an export with this id exists already.
      { conditional: [0], error: (cause) => new ExportExistsError(exportId, { cause }) },
    );
  }
}
