/**
 * The shipped instruments, as data: JSON definitions in definitions/, the same shape an operator gives
 * `instrument put`. Every one is validated when this module loads, so a malformed definition stops a
 * deployment's first invocation (and every test run) instead of producing wrong reports.
 *
 * - `msv-basis`: a generic 4-point instrument written by the msv team, covering the three domains the Inspectie
 *   asks for. Schools whose vendor exports item-level data in our format can use it as is.
 * - `msv-vijfpunts`: a short 5-point instrument, so that mixed scales are exercised end to end (vendors such as
 *   the Veiligheidsmonitor use 5-point items).
 *
 * Both skip the harmless columns exports carry (klas, afnamedatum, datum, geslacht, opmerking) and count a mixed
 * brugklas (havo/vwo, vmbo-gt/havo, …) at its lower onderwijssoort.
 */
import msvBasis from './definitions/msv-basis.json' with { type: 'json' };
import msvVijfpunts from './definitions/msv-vijfpunts.json' with { type: 'json' };
import { type Instrument, instrumentSchema } from './schema.js';

export const instruments: readonly Instrument[] = [msvBasis, msvVijfpunts].map((i) =>
  instrumentSchema.parse(i),
);

const byId = new Map(instruments.map((i) => [i.id, i]));

export const getInstrument = (id: string): Instrument | undefined => byId.get(id);

/**
 * The `GET /instruments` shape: what a vendor needs to map its export — the items, and the spellings, column
 * names and mixed classes the definition accepts — nothing internal. Optional fields appear only when set.
 */
export const toPublicInstrument = (inst: Instrument) => ({
  id: inst.id,
  name: inst.name,
  ...(inst.version !== undefined ? { version: inst.version } : {}),
  items: inst.items.map((item) => ({
    code: item.code,
    text: item.text,
    domain: item.domain,
    scale: {
      points: item.scale.points,
      labels: item.scale.labels,
      ...(item.scale.recode ? { recode: item.scale.recode } : {}),
    },
    reversed: item.reversed,
    inAverage: item.inAverage,
    notApplicable: item.notApplicable,
    bullying: item.bullying,
    ...(item.recode ? { recode: item.recode } : {}),
    ...(item.columns ? { columns: item.columns } : {}),
  })),
  ...(inst.ignoredColumns ? { ignoredColumns: inst.ignoredColumns } : {}),
  ...(inst.onderwijssoorten ? { onderwijssoorten: inst.onderwijssoorten } : {}),
});
