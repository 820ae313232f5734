/**
 * The Store port on DynamoDB (single-table design, see shared/table-design.ts).
 */
import { randomBytes } from 'node:crypto';
import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import '../../shared/zod-locale.js';
import * as z from 'zod/mini';
import { AppError } from '../../shared/errors.js';
import { aggregatesSchema, exportSummarySchema } from '../../shared/ingest/schemas.js';
import type { Aggregates } from '../../shared/ingest/types.js';
import {
  type AuditEntry,
  auditEntrySchema,
  type Board,
  type BoardInput,
  boardSchema,
  type Consent,
  type ConsentAuditEntry,
  consentSchema,
  type DeliveryRecord,
  deliveryRecordSchema,
  exportRecordSchema,
  type School,
  schoolSchema,
  type TokenRecord,
  tokenRecordSchema,
} from '../../shared/model.js';
import type {
  CurrentExport,
  ReminderClaim,
  ReminderOccasion,
  Store,
  StoredExport,
} from '../../shared/ports.js';
import { indexKeys, keys, type PartitionQuery, queries, TABLE_DESIGN } from '../../shared/table-design.js';
import { lostRace, onlyConflicts } from './transaction-errors.js';

type Item = Record<string, unknown>;

// Every item is read through a schema; zod's objects drop the key attributes (pk, sk, gsi1…) as unknown keys.
/** An export: its record and its summary. */
const exportItem = z.extend(exportRecordSchema, { summary: exportSummarySchema });
/** The current-export pointer. */
const currentItem = z.object({ exportId: z.string() });
/** An export's aggregates, kept as one JSON string: always read whole, and far below the 400 KB item limit. */
const aggregatesItem = z.object({ aggregates: z.string() });
/**
 * A delivery-date reference. Its ids are only strings here on purpose: a damaged one is the caller's to report
 * apart (shared/delivery/delivery-job.ts jobsFor), so that the other schools of the date are still delivered.
 */
const deliveryRefItem = z.object({ schoolId: z.string(), schoolYear: z.string() });
const dispatchRunItem = z.object({ deliveryDate: z.string(), at: z.string(), consents: z.number() });

const aggregatesOf = (item: Item): Aggregates =>
  aggregatesSchema.parse(JSON.parse(aggregatesItem.parse(item).aggregates));

const auditKey = (e: { schoolId: string; schoolYear: string; at: string }) =>
  keys.audit(e.schoolId, e.schoolYear, e.at, randomBytes(4).toString('hex'));

export class DynamoStore implements Store {
  private readonly doc: DynamoDBDocumentClient;

  constructor(
    client: DynamoDBClient,
    private readonly tableName: string,
  ) {
    this.doc = DynamoDBDocumentClient.from(client, {
      marshallOptions: { removeUndefinedValues: true, convertTopLevelContainer: true },
    });
  }

  async getToken(tokenHash: string): Promise<TokenRecord | undefined> {
    const item = await this.get(keys.token(tokenHash));
    return item ? tokenRecordSchema.parse(item) : undefined;
  }

  async putToken(token: TokenRecord): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...keys.token(token.tokenHash),
          ...indexKeys.token(token.tokenId),
          ...token,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async listTokens(): Promise<TokenRecord[]> {
    return (await this.queryAll(queries.tokens())).map((i) => tokenRecordSchema.parse(i));
  }

  async revokeToken(tokenHash: string, at: string): Promise<boolean> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.token(tokenHash),
          UpdateExpression: 'SET revokedAt = :at',
          ConditionExpression: 'attribute_exists(pk) AND revokedAt = :null',
          ExpressionAttributeValues: { ':at': at, ':null': null },
        }),
      );
      return true;
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) return false;
      throw err;
    }
  }

  async getBoard(boardId: string): Promise<Board | undefined> {
    const item = await this.get(keys.board(boardId));
    return item ? boardSchema.parse(item) : undefined;
  }

  async putBoard(board: BoardInput): Promise<void> {
    const parsed = boardSchema.parse(board);
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.board(parsed.boardId), ...indexKeys.board(parsed.boardId), ...parsed },
      }),
    );
  }

  async listBoards(): Promise<Board[]> {
    return (await this.queryAll(queries.boards())).map((i) => boardSchema.parse(i));
  }

  async getSchool(schoolId: string): Promise<School | undefined> {
    const item = await this.get(keys.school(schoolId));
    return item ? schoolSchema.parse(item) : undefined;
  }

  async putSchool(school: School): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...keys.school(school.schoolId),
          ...indexKeys.school(school.boardId, school.schoolId),
          ...school,
        },
      }),
    );
  }

  async listSchoolsOfBoard(boardId: string): Promise<School[]> {
    const items = await this.queryAll(queries.schoolsOfBoard(boardId));
    return items.map((i) => schoolSchema.parse(i));
  }

  async getExport(schoolId: string, schoolYear: string, exportId: string): Promise<StoredExport | undefined> {
    const item = await this.get(keys.export(schoolId, schoolYear, exportId));
    return item ? toStoredExport(item) : undefined;
  }

  async saveAcceptedExport(
    input: StoredExport & { aggregates: Aggregates; audit: AuditEntry },
  ): Promise<boolean> {
    const { record, summary, aggregates, audit } = input;
    const { schoolId, schoolYear, exportId } = record;
    try {
      await this.transact(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: { ...keys.export(schoolId, schoolYear, exportId), ...record, summary },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  ...keys.aggregates(schoolId, schoolYear, exportId),
                  aggregates: JSON.stringify(aggregates),
                },
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  ...keys.currentExport(schoolId, schoolYear),
                  exportId,
                  acceptedAt: record.acceptedAt,
                },
              },
            },
            { Put: { TableName: this.tableName, Item: { ...auditKey(audit), ...audit } } },
          ],
        }),
      );
      return true;
    } catch (err) {
      // Item 0 is the export record: an export with this id exists already.
      if (lostRace(err, [0])) return false;
      throw err;
    }
  }

  async listExports(schoolId: string, schoolYear: string): Promise<StoredExport[]> {
    const items = await this.queryAll(queries.exports(schoolId, schoolYear));
    return items.map(toStoredExport).sort((a, b) => b.record.acceptedAt.localeCompare(a.record.acceptedAt));
  }

  async getCurrentExport(schoolId: string, schoolYear: string): Promise<CurrentExport | undefined> {
    const current = await this.get(keys.currentExport(schoolId, schoolYear));
    if (!current) return undefined;
    const { exportId } = currentItem.parse(current);
    const [exp, agg] = await Promise.all([
      this.get(keys.export(schoolId, schoolYear, exportId)),
      this.get(keys.aggregates(schoolId, schoolYear, exportId)),
    ]);
    if (!exp || !agg) throw new Error(`current export ${exportId} is incomplete`);
    return { ...toStoredExport(exp), aggregates: aggregatesOf(agg) };
  }

  async getCurrentExportId(schoolId: string, schoolYear: string): Promise<string | undefined> {
    const current = await this.get(keys.currentExport(schoolId, schoolYear));
    return current ? currentItem.parse(current).exportId : undefined;
  }

  async getAggregates(
    schoolId: string,
    schoolYear: string,
    exportId: string,
  ): Promise<Aggregates | undefined> {
    const item = await this.get(keys.aggregates(schoolId, schoolYear, exportId));
    return item ? aggregatesOf(item) : undefined;
  }

  async appendAudit(entry: AuditEntry): Promise<void> {
    await this.doc.send(
      new PutCommand({ TableName: this.tableName, Item: { ...auditKey(entry), ...entry } }),
    );
  }

  async listAudit(schoolId: string, schoolYear: string): Promise<Array<AuditEntry | ConsentAuditEntry>> {
    const items = await this.queryAll(queries.audit(schoolId, schoolYear));
    return items.map((i) => auditEntrySchema.parse(i));
  }

  async getConsent(schoolId: string, schoolYear: string): Promise<Consent | undefined> {
    const item = await this.get(keys.consent(schoolId, schoolYear));
    return item ? consentSchema.parse(item) : undefined;
  }

  async writeConsent(input: {
    consent: Consent;
    previous: Consent | undefined;
    audit: ConsentAuditEntry;
  }): Promise<void> {
    const { consent, previous, audit } = input;
    const key = keys.consent(consent.schoolId, consent.schoolYear);
    const ref = (date: string) => keys.deliveryRef(date, consent.schoolId, consent.schoolYear);
    const items: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']> = [
      {
        Put: {
          TableName: this.tableName,
          Item: { ...key, ...consent },
          // The optimistic lock: the consent is still the one the caller read (or there was none).
          ConditionExpression: previous ? 'version = :v' : 'attribute_not_exists(pk)',
          ExpressionAttributeValues: previous ? { ':v': previous.version } : undefined,
        },
      },
      { Put: { TableName: this.tableName, Item: { ...auditKey(audit), ...audit } } },
    ];
    const oldRef = previous?.status === 'active' ? previous.deliveryDate : undefined;
    const newRef = consent.status === 'active' ? consent.deliveryDate : undefined;
    if (oldRef && oldRef !== newRef) items.push({ Delete: { TableName: this.tableName, Key: ref(oldRef) } });
    if (newRef && newRef !== oldRef) {
      items.push({
        Put: {
          TableName: this.tableName,
          Item: {
            ...ref(newRef),
            schoolId: consent.schoolId,
            schoolYear: consent.schoolYear,
            deliveryDate: newRef,
          },
        },
      });
    }
    try {
      await this.transact(new TransactWriteCommand({ TransactItems: items }));
    } catch (err) {
      // Item 0 is the consent with its optimistic lock: someone else wrote it since it was read.
      if (lostRace(err, [0])) {
        throw new AppError(
          409,
          'version_conflict',
          'The consent was changed by someone else in the meantime; reload it and try again.',
          {
            messageNl:
              'De toestemming is intussen door iemand anders gewijzigd; laad haar opnieuw en probeer het nog eens.',
          },
        );
      }
      throw err;
    }
  }

  async markDelivered(consent: Consent, record: DeliveryRecord): Promise<boolean> {
    try {
      await this.transact(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: keys.consent(consent.schoolId, consent.schoolYear),
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
            {
              Put: {
                TableName: this.tableName,
                Item: { ...keys.delivery(consent.schoolId, consent.schoolYear), ...record },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Delete: {
                TableName: this.tableName,
                Key: keys.deliveryRef(consent.deliveryDate, consent.schoolId, consent.schoolYear),
              },
            },
          ],
        }),
      );
      return true;
    } catch (err) {
      // Item 0 is the consent (still this active version), item 1 the delivery record (none yet).
      if (lostRace(err, [0, 1])) return false;
      throw err;
    }
  }

  async getDelivery(schoolId: string, schoolYear: string): Promise<DeliveryRecord | undefined> {
    const item = await this.get(keys.delivery(schoolId, schoolYear));
    return item ? deliveryRecordSchema.parse(item) : undefined;
  }

  async markDeliveryMailSent(schoolId: string, schoolYear: string, at: string): Promise<void> {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.delivery(schoolId, schoolYear),
        UpdateExpression: 'SET mailSentAt = :at',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':at': at },
      }),
    );
  }

  async listConsentsOn(deliveryDate: string): Promise<Array<{ schoolId: string; schoolYear: string }>> {
    // Strongly consistent: the re-check after deleting a date's schedule must see a consent committed a moment
    // before (a base-table query allows it, at twice the read cost of a few small items).
    const items = await this.queryAll(queries.deliveryRefs(deliveryDate), { consistent: true });
    return items.map((i) => deliveryRefItem.parse(i));
  }

  async recordDispatch(run: { deliveryDate: string; at: string; consents: number }): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.dispatchRun(run.deliveryDate, run.at), ...run },
      }),
    );
  }

  async claimReminder(claim: ReminderClaim): Promise<boolean> {
    const { boardId, occasion, claimedAt, schools, expiresAt } = claim;
    const key = keys.reminderClaim(boardId, occasion);
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...key, boardId, marker: key.sk, kind: occasion.kind, claimedAt, schools, ttl: expiresAt },
          // Only the first run of the day (or year) wins; a concurrent or repeated run sees the claim and stops.
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) return false;
      throw err;
    }
  }

  async releaseReminder(boardId: string, occasion: ReminderOccasion): Promise<void> {
    await this.doc.send(
      new DeleteCommand({ TableName: this.tableName, Key: keys.reminderClaim(boardId, occasion) }),
    );
  }

  async listDispatches(
    deliveryDate: string,
  ): Promise<Array<{ deliveryDate: string; at: string; consents: number }>> {
    const items = await this.queryAll(queries.dispatchRuns(deliveryDate));
    return items.map((i) => dispatchRunItem.parse(i));
  }

  private async get(key: { pk: string; sk: string }): Promise<Item | undefined> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }),
    );
    return out.Item;
  }

  /**
   * A transaction, tried again (up to three times, with jitter) while DynamoDB cancels it only because another
   * transaction is in progress on one of its items: a passing overlap, not an answer. What remains is thrown.
   */
  private async transact(command: TransactWriteCommand): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.doc.send(command);
        return;
      } catch (err) {
        if (attempt >= 3 || !onlyConflicts(err)) throw err;
        await new Promise((r) => setTimeout(r, Math.random() * 50 * 2 ** attempt));
      }
    }
  }

  /** Every item of one partition (and sort-key prefix), in sort-key order. */
  private async queryAll(query: PartitionQuery, opts: { consistent?: boolean } = {}): Promise<Item[]> {
    const attrs = query.index ? TABLE_DESIGN.gsi1 : TABLE_DESIGN;
    const input: QueryCommandInput = {
      TableName: this.tableName,
      IndexName: query.index,
      KeyConditionExpression: `${attrs.partitionKey} = :p${query.sortKeyPrefix === undefined ? '' : ` AND begins_with(${attrs.sortKey}, :s)`}`,
      ExpressionAttributeValues: {
        ':p': query.partition,
        ...(query.sortKeyPrefix === undefined ? {} : { ':s': query.sortKeyPrefix }),
      },
      ConsistentRead: opts.consistent,
    };
    const items: Item[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.doc.send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
      items.push(...(out.Items ?? []));
      start = out.LastEvaluatedKey;
    } while (start);
    return items;
  }
}

const toStoredExport = (item: Item): StoredExport => {
  const { summary, ...record } = exportItem.parse(item);
  return { record, summary };
};
