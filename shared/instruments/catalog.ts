/**
 * The instrument catalog. Every instrument is validated when this module loads, so a malformed instrument
 * stops a deployment's first invocation (and every test run) instead of producing wrong reports.
 */
import { msvBasis } from './msv-basis.js';
import { msvVijfpunts } from './msv-vijfpunts.js';
import { type Instrument, instrumentSchema } from './schema.js';

export const instruments: readonly Instrument[] = [msvBasis, msvVijfpunts].map((i) =>
  instrumentSchema.parse(i),
);

const byId = new Map(instruments.map((i) => [i.id, i]));

export const getInstrument = (id: string): Instrument | undefined => byId.get(id);

/** The `GET /instruments` shape: what a vendor needs to map its export, nothing internal. */
export const toPublicInstrument = (inst: Instrument) => ({
  id: inst.id,
  name: inst.name,
  items: inst.items.map((item) => ({
    code: item.code,
    text: item.text,
    domain: item.domain,
    scale: { points: item.scale.points, labels: item.scale.labels },
    reversed: item.reversed,
    inAverage: item.inAverage,
    notApplicable: item.notApplicable,
    bullying: item.bullying,
  })),
});
