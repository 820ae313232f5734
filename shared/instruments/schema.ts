/**
 * The shape of a survey instrument. Instruments are data (the shipped ones are JSON files in definitions/; an
 * operator adds more with `instrument put`), validated by this schema wherever one is read. Besides the items, a
 * definition says how a vendor writes them: answers as words or 0-based codes (`recode`), its own column names
 * (`columns`), harmless columns to skip unread (`ignoredColumns`) and mixed classes (`onderwijssoorten`).
 */
import '../zod-locale.js';
import * as z from 'zod/mini';
import { type Onderwijssoort, onderwijssoortSchema } from '../ids.js';
import { ALIASES, SCHOOL_COLUMN_ALIASES } from '../ingest/fixed-columns.js';
import { normaliseOnderwijssoort } from '../ingest/normalise.js';

export const DOMAINS = ['veiligheidsbeleving', 'aantasting', 'welbevinden', 'overig'] as const;
export const domainSchema = z.enum(DOMAINS);
export type Domain = z.infer<typeof domainSchema>;

/** The three domains the Inspectie looks at (`overig` is measured but never delivered as a domain score). */
export const INSPECTIE_DOMAINS = [
  'veiligheidsbeleving',
  'aantasting',
  'welbevinden',
] as const satisfies readonly Domain[];

const nonEmpty = z.string().check(z.minLength(1));

/**
 * How answers and names are compared: trimmed, lower-case, runs of white space as one space. `Helemaal  Mee
 * eens ` is `helemaal mee eens`.
 */
export const normaliseSpelling = (raw: string): string => raw.trim().toLowerCase().replace(/\s+/g, ' ');

/** What a recoded answer means: a point of the scale (1..points), or `nvt` for not applicable. */
export const NOT_APPLICABLE = 'nvt';

/**
 * A vendor's answer spellings onto the scale: `{ "0": 1, "1": 2 }` for 0-based codes, `{ "soms": 2 }` for words,
 * `{ "-": "nvt" }`. Keys are compared as {@link normaliseSpelling} does; the scale's own labels need no entry.
 */
export const recodeSchema = z.record(
  nonEmpty,
  z.union([z.number().check(z.int(), z.minimum(1)), z.literal(NOT_APPLICABLE)]),
);
export type Recode = z.infer<typeof recodeSchema>;

/**
 * Every key of a recode table must differ after normalising, and every value lie on the scale. A key spelled
 * as one of the scale's labels must mean that label's point: the labels are always read as themselves, so a
 * table sending `wel waar` elsewhere would say two things of one answer.
 */
const checkRecode = (
  recode: Recode | undefined,
  scale: { points: number; labels: readonly string[] },
  path: Array<string | number>,
  ctx: { addIssue: (issue: { code: 'custom'; path: Array<string | number>; message: string }) => void },
) => {
  if (!recode) return;
  const { points } = scale;
  const labelPoint = new Map(scale.labels.map((label, i) => [normaliseSpelling(label), i + 1]));
  const seen = new Set<string>();
  for (const [key, value] of Object.entries(recode)) {
    const spelling = normaliseSpelling(key);
    if (seen.has(spelling)) {
      ctx.addIssue({ code: 'custom', path: [...path, key], message: `"${key}" is spelled twice` });
    }
    seen.add(spelling);
    if (typeof value === 'number' && value > points) {
      ctx.addIssue({
        code: 'custom',
        path: [...path, key],
        message: `${value} is outside the ${points}-point scale`,
      });
    }
    const point = labelPoint.get(spelling);
    if (point !== undefined && value !== point) {
      ctx.addIssue({
        code: 'custom',
        path: [...path, key],
        message: `"${key}" is the scale's label of point ${point}; it cannot mean ${value}`,
      });
    }
  }
};

/** Labels are read as answers in any case and spacing: two that differ only so would be one answer twice. */
const checkLabels = (
  labels: readonly string[],
  ctx: { addIssue: (issue: { code: 'custom'; path: Array<string | number>; message: string }) => void },
) => {
  const seen = new Map<string, number>();
  labels.forEach((label, i) => {
    const earlier = seen.get(normaliseSpelling(label));
    if (earlier !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['labels', i],
        message: `"${label}" is label ${earlier + 1} again (labels are compared in any case and spacing)`,
      });
    }
    seen.set(normaliseSpelling(label), i);
  });
};

export const scaleSchema = z
  .strictObject({
    /** Answer values are the integers 1..points. */
    points: z.number().check(z.int(), z.minimum(2), z.maximum(11)),
    /** One Dutch label per answer value, in order 1..points. Always accepted as answers too. */
    labels: z.array(nonEmpty),
    /** Other spellings of this scale's answers, for every item on it. */
    recode: z.optional(recodeSchema),
  })
  .check(
    z.refine((s) => s.labels.length === s.points, { message: 'a scale needs exactly one label per point' }),
    z.superRefine((s, ctx) => {
      checkLabels(s.labels, ctx);
      checkRecode(s.recode, s, ['recode'], ctx);
    }),
  );
export type Scale = z.infer<typeof scaleSchema>;

export const itemSchema = z.strictObject({
  /** Column name in exports, matched case-insensitively. */
  code: z.string().check(z.regex(/^[a-z][a-z0-9_]*$/, { message: 'item codes are lower-case identifiers' })),
  /** The question as the student read it, in Dutch. */
  text: nonEmpty,
  domain: domainSchema,
  scale: scaleSchema,
  /** Negatively worded: a high answer means a bad outcome, so 0–100 scores are flipped. */
  reversed: z.boolean(),
  /** Yes/no/don't-know items and the like are reported as distributions, not averaged. */
  inAverage: z.boolean(),
  /** Answer codes that mean "not applicable" (e.g. 9 or "nvt"); they are excluded like empty answers. */
  notApplicable: z.array(nonEmpty),
  /** Bullying items: the Inspectie wants the % of students per answer option. */
  bullying: z.boolean(),
  /** Other spellings of this item's answers, on top of (and before) its scale's. */
  recode: z.optional(recodeSchema),
  /** The names vendors give this item's column (`Ik voel me veilig op school`, `V01`), besides its code. */
  columns: z.optional(z.array(nonEmpty)),
});
export type Item = z.infer<typeof itemSchema>;

export const instrumentSchema = z
  .strictObject({
    id: z.string().check(z.regex(/^[a-z0-9][a-z0-9-]*$/)),
    name: nonEmpty,
    /** Who publishes it; shown in the report. */
    publisher: nonEmpty,
    /** Set by the instrument store (1, 2, …); the shipped definitions are version 1. */
    version: z.optional(z.number().check(z.int(), z.minimum(1))),
    items: z.array(itemSchema).check(z.minLength(1)),
    /**
     * Columns a vendor's export carries that are not ours and harmless to skip (`klas`, `afnamedatum`): never
     * read, never stored, named in the upload's summary. Any other unknown column is still refused.
     */
    ignoredColumns: z.optional(z.array(nonEmpty)),
    /** Mixed classes (`havo/vwo`) onto the onderwijssoort whose group counts them. */
    onderwijssoorten: z.optional(z.record(nonEmpty, onderwijssoortSchema)),
  })
  .check(
    z.superRefine((inst, ctx) => {
      // Every column name — item codes, vendors' names, ignored columns — must say one thing only.
      // Our fixed columns' names come first: a definition can neither ignore nor take them for an item.
      // So are the school columns of a file for several schools (`brin`, `vestiging`): there they say whose a row is.
      const names = new Map<string, string>([
        ...[...ALIASES].map(([name, column]): [string, string] => [name, `the fixed column ${column}`]),
        ...[...SCHOOL_COLUMN_ALIASES].map(([name]): [string, string] => [name, 'a school column']),
      ]);
      const claim = (raw: string, what: string, path: Array<string | number>) => {
        const name = normaliseSpelling(raw);
        const earlier = names.get(name);
        if (earlier !== undefined) {
          ctx.addIssue({ code: 'custom', path, message: `column "${raw}" is already ${earlier}` });
        }
        names.set(name, what);
      };
      for (const [i, item] of inst.items.entries()) {
        claim(item.code, `item ${item.code}`, ['items', i, 'code']);
        checkRecode(item.recode, item.scale, ['items', i, 'recode'], ctx);
      }
      for (const [i, item] of inst.items.entries()) {
        for (const [j, column] of (item.columns ?? []).entries()) {
          claim(column, `item ${item.code}`, ['items', i, 'columns', j]);
        }
      }
      for (const [j, column] of (inst.ignoredColumns ?? []).entries()) {
        claim(column, 'ignored', ['ignoredColumns', j]);
      }
      // A mixed class is no onderwijssoort of its own: `havo` as a key would change what every `havo` means.
      const mixed = new Set<string>();
      for (const key of Object.keys(inst.onderwijssoorten ?? {})) {
        const path = ['onderwijssoorten', key];
        if (normaliseOnderwijssoort(key) !== null) {
          ctx.addIssue({
            code: 'custom',
            path,
            message: `"${key}" is an onderwijssoort itself, not a mixed class`,
          });
        }
        if (mixed.has(mixedClassKey(key))) {
          ctx.addIssue({ code: 'custom', path, message: `"${key}" is spelled twice` });
        }
        mixed.add(mixedClassKey(key));
      }
    }),
  );
export type Instrument = z.infer<typeof instrumentSchema>;

/** How a mixed class is looked up: lower-case, without any white space (`HAVO / VWO` is `havo/vwo`). */
export const mixedClassKey = (raw: string): string => raw.toLowerCase().replace(/\s+/g, '');

/** A mixed class's onderwijssoort by an instrument's map, keyed by {@link mixedClassKey}. */
export const mixedOnderwijssoorten = (inst: Instrument): ReadonlyMap<string, Onderwijssoort> =>
  new Map(Object.entries(inst.onderwijssoorten ?? {}).map(([k, v]) => [mixedClassKey(k), v]));
