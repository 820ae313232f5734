/**
 * The table port with only the stores a function names (`tableStores`), so that its bundle holds only those
 * adapters and the schemas they read with (a function that reads boards and schools bundles no export, consent or
 * delivery adapter). The port with every store, `dynamoStore`, is in every-store.ts: a module of its own, because
 * importing the adapters' modules at all keeps their schemas in the bundle (a zod/mini schema with a `.check` is
 * a method call, which esbuild keeps), even where `dynamoStore` is never called.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Settings } from '../../../shared/config.js';
import type { StoreName, Stores } from '../../../shared/store/stores.js';
import { Table } from '../store/table.js';

/** One DynamoDB client per container, retried five times (on-demand bursts throttle). */
export const dynamoClient = (): DynamoDBClient => new DynamoDBClient({ maxAttempts: 5 });

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
