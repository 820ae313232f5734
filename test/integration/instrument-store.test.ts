/**
 * The instrument store against DynamoDB Local: versions given by the store (1, then 2 on a change, the same
 * version for a deep-equal definition), read newest or by number, listed without a scan, never two items for one
 * version when two puts race, and a stored version that no longer parses is never handed out.
 *
 * A table of its own: `list()` answers every instrument in the table.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { dynamoStores } from '../../functions/lib/store/index.js';
import { ensureTable } from '../../infra/local/bootstrap.js';
import type { Instrument } from '../../shared/instruments/schema.js';
import { InstrumentTooLargeError, StoredInstrumentInvalidError } from '../../shared/store/instruments.js';
import type { Stores } from '../../shared/store/stores.js';
import { indexKeys, keys } from '../../shared/table-design.js';
import { useLocalAws } from '../support/env.js';

useLocalAws();
let store: Stores;
let doc: DynamoDBDocumentClient;
let tableName: string;

beforeAll(async () => {
  const client = new DynamoDBClient({});
  tableName = `msv-test-instruments-${randomBytes(3).toString('hex')}`;
  await ensureTable(client, tableName);
  store = dynamoStores(client, tableName);
  doc = DynamoDBDocumentClient.from(client);
});

const example = (): Instrument =>
  JSON.parse(
    readFileSync(new URL('../../events/instruments/example-instrument.json', import.meta.url), 'utf8'),
  ) as Instrument;

/** The example under an id of its own, so that each test starts with an instrument nobody stored. */
const fresh = (): Instrument => ({ ...example(), id: `test-${randomBytes(4).toString('hex')}` });

const by = (at: string) => ({ at, by: 'operator' });

/** Every item of the instrument's partition, as the table holds them. */
const partition = async (instrumentId: string) =>
  (
    await doc.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': keys.instrumentLatest(instrumentId).pk },
        ConsistentRead: true,
      }),
    )
  ).Items ?? [];

describe('instrument store', () => {
  it('stores version 1, answers unchanged for the same definition, and version 2 for a change', async () => {
    const def = fresh();
    expect(await store.instruments.put(def, by('2026-03-01T09:00:00.000Z'))).toEqual({
      status: 'created',
      version: 1,
    });
    // The same definition with its keys in another order and a version of its own: still the same.
    const reordered = Object.fromEntries(Object.entries(def).reverse()) as Instrument;
    expect(
      await store.instruments.put({ ...reordered, version: 5 } as Instrument, by('2026-03-01T10:00:00.000Z')),
    ).toEqual({ status: 'unchanged', version: 1 });

    const changed = { ...def, name: 'De Brug Schoolklimaatpeiling 2026' };
    expect(await store.instruments.put(changed, by('2026-03-02T09:00:00.000Z'))).toEqual({
      status: 'created',
      version: 2,
    });

    expect(await store.instruments.get(def.id)).toEqual({ ...changed, version: 2 });
    expect(await store.instruments.get(def.id, 1)).toEqual({ ...def, version: 1 });
    expect(await store.instruments.get(def.id, 3)).toBeUndefined();
    expect(await store.instruments.get('nobody-stored-this')).toBeUndefined();
    // Versions 1 and 2, and the newest-version item: nothing for the unchanged put.
    expect((await partition(def.id)).map((i) => i.sk)).toEqual(['LATEST', 'V#000001', 'V#000002']);
  });

  it('lists every instrument with its newest version, without its items', async () => {
    const a = fresh();
    const b = fresh();
    await store.instruments.put(a, by('2026-03-03T09:00:00.000Z'));
    await store.instruments.put(b, by('2026-03-03T09:01:00.000Z'));
    await store.instruments.put({ ...b, items: b.items.slice(0, 3) }, by('2026-03-03T09:02:00.000Z'));
    const listed = await store.instruments.list();
    expect(listed.find((s) => s.instrumentId === a.id)).toEqual({
      instrumentId: a.id,
      version: 1,
      name: a.name,
      publisher: a.publisher,
      itemCount: 4,
      putAt: '2026-03-03T09:00:00.000Z',
      putBy: 'operator',
    });
    expect(listed.find((s) => s.instrumentId === b.id)).toMatchObject({
      version: 2,
      itemCount: 3,
      putAt: '2026-03-03T09:02:00.000Z',
    });
    const ids = listed.map((s) => s.instrumentId);
    expect(ids).toEqual([...ids].sort());
  });

  it('gives two different definitions put at once versions 2 and 3, never two items for one version', async () => {
    for (let round = 0; round < 3; round++) {
      const def = fresh();
      await store.instruments.put(def, by('2026-03-04T09:00:00.000Z'));
      const one = { ...def, name: `${def.name} (een)` };
      const two = { ...def, name: `${def.name} (twee)` };
      const outs = await Promise.all([
        store.instruments.put(one, by('2026-03-04T10:00:00.000Z')),
        store.instruments.put(two, by('2026-03-04T10:00:00.000Z')),
      ]);
      expect(outs.map((o) => o.status)).toEqual(['created', 'created']);
      expect(outs.map((o) => o.version).sort()).toEqual([2, 3]);
      const items = await partition(def.id);
      expect(items.map((i) => i.sk)).toEqual(['LATEST', 'V#000001', 'V#000002', 'V#000003']);
      expect(items[0]?.version).toBe(3);
      // Each version holds the definition of the put that was told it got that version.
      for (const [i, def2] of [one, two].entries()) {
        expect((await store.instruments.get(def.id, outs[i]?.version))?.name).toBe(def2.name);
      }
    }
  });

  it('refuses to hand out a stored version that no longer parses, and a new put replaces it', async () => {
    const id = `test-${randomBytes(4).toString('hex')}`;
    const broken = { id, name: 'Kapot', publisher: 'Niemand', items: [] };
    await doc.send(
      new PutCommand({
        TableName: tableName,
        Item: {
          ...keys.instrumentVersion(id, 1),
          instrumentId: id,
          version: 1,
          definition: JSON.stringify(broken),
          putAt: '2026-03-05T09:00:00.000Z',
          putBy: 'operator',
        },
      }),
    );
    await doc.send(
      new PutCommand({
        TableName: tableName,
        Item: {
          ...keys.instrumentLatest(id),
          ...indexKeys.instrumentLatest(id),
          instrumentId: id,
          version: 1,
          name: 'Kapot',
          publisher: 'Niemand',
          itemCount: 0,
          putAt: '2026-03-05T09:00:00.000Z',
          putBy: 'operator',
        },
      }),
    );
    await expect(store.instruments.get(id)).rejects.toThrow(StoredInstrumentInvalidError);
    await expect(store.instruments.get(id, 1)).rejects.toThrow(/version 1 of instrument .* items: /);

    const def = { ...example(), id };
    expect(await store.instruments.put(def, by('2026-03-05T10:00:00.000Z'))).toEqual({
      status: 'created',
      version: 2,
    });
    expect((await store.instruments.get(id))?.version).toBe(2);
  });

  it('refuses a definition over 300 KB and stores nothing', async () => {
    const def = fresh();
    const first = def.items[0] as Instrument['items'][number];
    const big = { ...def, items: [{ ...first, text: 'x'.repeat(310_000) }, ...def.items.slice(1)] };
    await expect(store.instruments.put(big, by('2026-03-06T09:00:00.000Z'))).rejects.toThrow(
      InstrumentTooLargeError,
    );
    expect(await partition(def.id)).toEqual([]);
  });
});
