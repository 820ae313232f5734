/**
 * The instruments a deployment knows: the shipped definitions (definitions/*.json), each version 1 of its id,
 * and whatever the operator stored with `instrument put` — a new instrument from version 1, a shipped one from
 * version 2 (the CLI passes the shipped definition as the store's baseline). The newest version scores new
 * uploads; an export is read again only under the version it pinned, so a later correction never changes a
 * report already checked or delivered.
 */
import type { InstrumentReads } from '../store/instruments.js';
import { getInstrument, instruments as shipped } from './catalog.js';
import type { Instrument } from './schema.js';

/** The store's reads the catalog uses. */
export type InstrumentCatalogReads = Pick<InstrumentReads, 'get' | 'list'>;

/** An instrument id as the schema allows it, and short: anything else names no instrument and is not looked up. */
const ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

/**
 * The instrument `id` at `version`, or its newest version without one; undefined when there is none. Version 1
 * of a shipped id is the shipped file, whatever the store holds.
 */
export const instrumentOf = async (
  stored: Pick<InstrumentReads, 'get'>,
  id: string,
  version?: number,
): Promise<Instrument | undefined> => {
  if (!ID.test(id)) return undefined;
  const own = getInstrument(id);
  if (version === 1 && own) return own;
  return (await stored.get(id, version)) ?? (version === undefined ? own : undefined);
};

/** Every instrument at its newest version: the shipped ones in their order, then the operator's by id. */
export const allInstruments = async (stored: InstrumentCatalogReads): Promise<Instrument[]> => {
  const summaries = await stored.list();
  const newer = new Set(summaries.map((s) => s.instrumentId));
  const ids = [...shipped.map((i) => i.id), ...[...newer].filter((id) => !getInstrument(id)).sort()];
  const all = await Promise.all(
    ids.map((id) => (newer.has(id) ? instrumentOf(stored, id) : Promise.resolve(getInstrument(id)))),
  );
  return all.filter((i): i is Instrument => i !== undefined);
};
