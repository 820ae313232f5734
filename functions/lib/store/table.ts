/**
 * The one DynamoDB table the stores share (shared/table-design.ts): a DocumentClient and the few operations each
 * store is made of. Every item read comes back through the parser its store gives, never as a cast; a
 * transaction cancelled only because another transaction was in progress on an item is tried again; a write
 * whose condition fails becomes the store's own error for that condition, and only that failure does.
 */
import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  type PutCommandInput,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { type PartitionQuery, TABLE_DESIGN, type TableKey } from '../../../shared/table-design.js';
import { lostRace, onlyConflicts } from '../transaction-errors.js';

export type Item = Record<string, unknown>;

/** What reads an item: a zod schema, or anything else with a `parse` that throws on what it does not accept. */
export interface Parser<T> {
  parse(input: unknown): T;
}

/** Conditions on the item a write names: that there is none yet, or that there is one. */
export const IS_NEW = `attribute_not_exists(${TABLE_DESIGN.partitionKey})`;
export const EXISTS = `attribute_exists(${TABLE_DESIGN.partitionKey})`;

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];
type WithoutTable<T> = Omit<NonNullable<T>, 'TableName'>;
/** One write of a transaction, on this table. */
export type TableWrite =
  | { Put: WithoutTable<TransactItem['Put']> }
  | { Update: WithoutTable<TransactItem['Update']> }
  | { Delete: WithoutTable<TransactItem['Delete']> }
  | { ConditionCheck: WithoutTable<TransactItem['ConditionCheck']> };

export class Table {
  private readonly doc: DynamoDBDocumentClient;

  constructor(
    client: DynamoDBClient,
    private readonly tableName: string,
  ) {
    this.doc = DynamoDBDocumentClient.from(client, {
      marshallOptions: { removeUndefinedValues: true, convertTopLevelContainer: true },
    });
  }

  /** One item, read strongly consistent; undefined when there is none. */
  async get<T>(key: TableKey, parser: Parser<T>): Promise<T | undefined> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }),
    );
    return out.Item ? parser.parse(out.Item) : undefined;
  }

  /** Every item of one partition (and sort-key prefix), in sort-key order, page by page. */
  async query<T>(
    query: PartitionQuery,
    parser: Parser<T>,
    opts: { consistent?: boolean } = {},
  ): Promise<T[]> {
    const attrs = query.index ? TABLE_DESIGN.gsi1 : TABLE_DESIGN;
    const prefixed = query.sortKeyPrefix !== undefined;
    const input: QueryCommandInput = {
      TableName: this.tableName,
      IndexName: query.index,
      KeyConditionExpression: `${attrs.partitionKey} = :p${prefixed ? ` AND begins_with(${attrs.sortKey}, :s)` : ''}`,
      ExpressionAttributeValues: {
        ':p': query.partition,
        ...(prefixed ? { ':s': query.sortKeyPrefix } : {}),
      },
      ConsistentRead: opts.consistent,
    };
    const items: T[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.doc.send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
      for (const item of out.Items ?? []) items.push(parser.parse(item));
      start = out.LastEvaluatedKey;
    } while (start);
    return items;
  }

  /** A put; with a condition, its failure is thrown as `failed` (any other error as it is). */
  async put(input: Omit<PutCommandInput, 'TableName'>, failed?: (cause: unknown) => Error): Promise<void> {
    await conditional(this.doc.send(new PutCommand({ TableName: this.tableName, ...input })), failed);
  }

  /** An update; with a condition, its failure is thrown as `failed` (any other error as it is). */
  async update(
    input: Omit<UpdateCommandInput, 'TableName'>,
    failed?: (cause: unknown) => Error,
  ): Promise<void> {
    await conditional(this.doc.send(new UpdateCommand({ TableName: this.tableName, ...input })), failed);
  }

  async delete(key: TableKey): Promise<void> {
    await this.doc.send(new DeleteCommand({ TableName: this.tableName, Key: key }));
  }

  /**
   * A transaction, tried again (up to three times, with jitter) while DynamoDB cancels it only because another
   * transaction is in progress on one of its items: a passing overlap, not an answer. Cancelled only because the
   * condition of one of the writes at `lost.conditional` failed, it throws `lost.error` (see lostRace); what else
   * remains is thrown as it is.
   */
  async transact(
    writes: readonly TableWrite[],
    lost?: { conditional: readonly number[]; error: (cause: unknown) => Error },
  ): Promise<void> {
    const TableName = this.tableName;
    const command = new TransactWriteCommand({
      TransactItems: writes.map(
        (w): TransactItem =>
          'Put' in w
            ? { Put: { TableName, ...w.Put } }
            : 'Update' in w
              ? { Update: { TableName, ...w.Update } }
              : 'Delete' in w
                ? { Delete: { TableName, ...w.Delete } }
                : { ConditionCheck: { TableName, ...w.ConditionCheck } },
      ),
    });
    for (let attempt = 1; ; attempt++) {
      try {
        await this.doc.send(command);
        return;
      } catch (err) {
        if (lost && lostRace(err, lost.conditional)) throw lost.error(err);
        if (attempt >= 3 || !onlyConflicts(err)) throw err;
        await new Promise((r) => setTimeout(r, Math.random() * 50 * 2 ** attempt));
      }
    }
  }
}

/** A single-item write whose failed condition (that failure only) is thrown as `failed`. */
const conditional = async (write: Promise<unknown>, failed?: (cause: unknown) => Error): Promise<void> => {
  try {
    await write;
  } catch (err) {
    if (failed && err instanceof ConditionalCheckFailedException) throw failed(err);
    throw err;
  }
};
