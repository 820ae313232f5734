/**
 * The table port's factories: one DynamoDB client per container, retried five times (on-demand bursts throttle).
 * `dynamoStore` builds every store; `tableStores` only the stores a function names, so that its bundle holds only
 * those adapters and the schemas they read with (a function that reads boards and schools bundles no export,
 * consent or delivery adapter).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Settings } from '../../../shared/config.js';
import type { StoreName, Stores } from '../../../shared/store/stores.js';
import { dynamoStores } from '../store/index.js';
import { Table } from '../store/table.js';

const dynamoClient = () => new DynamoDBClient({ maxAttempts: 5 });

export const dynamoStore = (s: Settings<'tableName'>): Stores => dynamoStores(dynamoClient(), s.tableName);

/** A store's DynamoDB adapter class (functions/lib/store/), built on the shared Table. */
export type StoreAdapter<K extends StoreName> = new (table: Table) => Stores[K];

/**
 * The table port with only the named stores, each from its adapter class:
 * `tableStores({ boards: DynamoBoardStore, schools: DynamoSchoolStore })`. The wiring types the port by the
 * names given (functions/lib/wire.ts), so a handler that reads a store the index.ts did not name does not compile.
 */
export const tableStores =
  <K extends StoreName>(adapters: { readonly [P in K]: StoreAdapter<P> }) =>
  (s: Settings<'tableName'>): Pick<Stores, K> => {
    const table = new Table(dynamoClient(), s.tableName);
    return Object.fromEntries(
      Object.entries<StoreAdapter<K>>(adapters).map(([name, Adapter]) => [name, new Adapter(table)]),
    ) as Pick<Stores, K>;
  };
