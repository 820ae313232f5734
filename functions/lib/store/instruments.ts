/**
 * The instruments port on the table (shared/table-design.ts): one immutable item per version in the
 * instrument's own partition, its definition a JSON string (a definition is validated data of a shape that grows;
 * as a string the table never needs to know it), and a `LATEST` item naming the newest version, written in the
 * same transaction and listed through gsi1.
 */
import '../../../shared/zod-locale.js';
import * as z from 'zod/mini';
import { type Instrument, instrumentSchema } from '../../../shared/instruments/schema.js';
import {
  definitionProblems,
  type InstrumentPut,
  type InstrumentStore,
  type InstrumentSummary,
  InstrumentTooLargeError,
  InstrumentVersionConflictError,
  MAX_DEFINITION_BYTES,
  type StoredInstrument,
  StoredInstrumentInvalidError,
} from '../../../shared/store/instruments.js';
import { indexKeys, keys, queries } from '../../../shared/table-design.js';
import { IS_NEW, type Table } from './table.js';

const versionNumber = z.number().check(z.int(), z.minimum(1));

/** A version item: the definition as stored, unparsed until `get` validates it. */
const versionItem = z.object({
  instrumentId: z.string(),
  version: versionNumber,
  definition: z.string(),
  putAt: z.string(),
  putBy: z.string(),
});

/** The `LATEST` item: the newest version and what `list` shows of it. */
const latestItem = z.object({
  instrumentId: z.string(),
  version: versionNumber,
  name: z.string(),
  publisher: z.string(),
  itemCount: z.number(),
  putAt: z.string(),
  putBy: z.string(),
});

/** JSON with every object's keys sorted: two definitions are the same exactly when these strings are. */
const canonicalJson = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );

/** The definition without a `version` of its own: versions are the store's to give. */
const withoutVersion = (definition: Instrument): Instrument => {
  const { version: _ignored, ...rest } = definition as Instrument & { version?: unknown };
  return rest as Instrument;
};

export class DynamoInstrumentStore implements InstrumentStore {
  constructor(private readonly table: Table) {}

  async get(instrumentId: string, version?: number): Promise<StoredInstrument | undefined> {
    const wanted = version ?? (await this.latest(instrumentId))?.version;
    if (wanted === undefined) return undefined;
    const item = await this.table.get(keys.instrumentVersion(instrumentId, wanted), versionItem);
    if (!item) return undefined;
    let json: unknown;
    try {
      json = JSON.parse(item.definition);
    } catch (cause) {
      throw new StoredInstrumentInvalidError(instrumentId, wanted, ['(definition): not JSON'], { cause });
    }
    const parsed = instrumentSchema.safeParse(json);
    if (!parsed.success) {
      throw new StoredInstrumentInvalidError(instrumentId, wanted, definitionProblems(parsed.error.issues), {
        cause: parsed.error,
      });
    }
    // A definition stored under another id is not this instrument, however well it parses.
    if (parsed.data.id !== instrumentId) {
      throw new StoredInstrumentInvalidError(instrumentId, wanted, [`id: is ${parsed.data.id}`]);
    }
    return { ...withoutVersion(parsed.data), version: wanted };
  }

  list(): Promise<InstrumentSummary[]> {
    return this.table.query(queries.instruments(), latestItem);
  }

  async put(
    definition: Instrument,
    put: { at: string; by: string },
    baseline?: Instrument,
  ): Promise<InstrumentPut> {
    const parsed = withoutVersion(instrumentSchema.parse(withoutVersion(definition)));
    const json = JSON.stringify(parsed);
    const bytes = Buffer.byteLength(json, 'utf8');
    if (bytes > MAX_DEFINITION_BYTES) throw new InstrumentTooLargeError(parsed.id, bytes);
    // Two puts at once: the loser's transaction is cancelled on the version item, so it reads the winner's
    // version and tries once more (or finds the winner's definition the same as its own).
    const base = baseline && withoutVersion(instrumentSchema.parse(withoutVersion(baseline)));
    try {
      return await this.putOnce(parsed, json, put, base);
    } catch (err) {
      if (!(err instanceof InstrumentVersionConflictError)) throw err;
      return this.putOnce(parsed, json, put, base);
    }
  }

  private latest(instrumentId: string) {
    return this.table.get(keys.instrumentLatest(instrumentId), latestItem);
  }

  private async putOnce(
    parsed: Instrument,
    json: string,
    put: { at: string; by: string },
    baseline: Instrument | undefined,
  ): Promise<InstrumentPut> {
    const id = parsed.id;
    const newest = await this.latest(id);
    // Nothing stored yet beside a shipped version 1: that one is what the put is compared with and follows.
    if (!newest && baseline && canonicalJson(baseline) === canonicalJson(parsed)) {
      return { status: 'unchanged', version: 1 };
    }
    if (newest) {
      // Compared as the schema reads both, so that key order and a field's absence-vs-default do not count.
      const current = await this.get(id, newest.version).catch((err: unknown) => {
        // A newest version that no longer parses is unlike any valid definition: the put replaces it.
        if (err instanceof StoredInstrumentInvalidError) return undefined;
        throw err;
      });
      if (current && canonicalJson(withoutVersion(current)) === canonicalJson(parsed)) {
        return { status: 'unchanged', version: newest.version };
      }
    }
    const version = (newest?.version ?? (baseline ? 1 : 0)) + 1;
    const summary: InstrumentSummary = {
      instrumentId: id,
      version,
      name: parsed.name,
      publisher: parsed.publisher,
      itemCount: parsed.items.length,
      putAt: put.at,
      putBy: put.by,
    };
    await this.table.transact(
      [
        {
          // Versions are immutable: of two puts of version N, exactly one writes it.
          Put: {
            Item: {
              ...keys.instrumentVersion(id, version),
              instrumentId: id,
              version,
              definition: json,
              putAt: put.at,
              putBy: put.by,
            },
            ConditionExpression: IS_NEW,
          },
        },
        {
          // The newest moves only forward, from the version this put read.
          Put: {
            Item: { ...keys.instrumentLatest(id), ...indexKeys.instrumentLatest(id), ...summary },
            ...(newest
              ? {
                  ConditionExpression: '#version = :read',
                  ExpressionAttributeNames: { '#version': 'version' },
                  ExpressionAttributeValues: { ':read': newest.version },
                }
              : { ConditionExpression: IS_NEW }),
          },
        },
      ],
      { conditional: [0, 1], error: (cause) => new InstrumentVersionConflictError(id, version, { cause }) },
    );
    return { status: 'created', version };
  }
}
