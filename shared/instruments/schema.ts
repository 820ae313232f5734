/**
 * The shape of a survey instrument. Instruments are data: adding one is adding a file to the catalog,
 * validated by this schema when the catalog loads.
 */
import '../zod-locale.js';
import * as z from 'zod/mini';

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

export const scaleSchema = z
  .object({
    /** Answer values are the integers 1..points. */
    points: z.number().check(z.int(), z.minimum(2), z.maximum(11)),
    /** One Dutch label per answer value, in order 1..points. */
    labels: z.array(nonEmpty),
  })
  .check(
    z.refine((s) => s.labels.length === s.points, { message: 'a scale needs exactly one label per point' }),
  );
export type Scale = z.infer<typeof scaleSchema>;

export const itemSchema = z.object({
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
});
export type Item = z.infer<typeof itemSchema>;

export const instrumentSchema = z
  .object({
    id: z.string().check(z.regex(/^[a-z0-9][a-z0-9-]*$/)),
    name: nonEmpty,
    /** Who publishes it; shown in the report. */
    publisher: nonEmpty,
    items: z.array(itemSchema).check(z.minLength(1)),
  })
  .check(
    z.superRefine((inst, ctx) => {
      const seen = new Set<string>();
      for (const [i, item] of inst.items.entries()) {
        if (seen.has(item.code)) {
          ctx.addIssue({
            code: 'custom',
            path: ['items', i, 'code'],
            message: `duplicate item code ${item.code}`,
          });
        }
        seen.add(item.code);
      }
    }),
  );
export type Instrument = z.infer<typeof instrumentSchema>;

/** An item with the common defaults (averaged, not reversed, no n.v.t. codes, not a bullying item). */
export const item = (
  code: string,
  text: string,
  domain: Domain,
  scale: Scale,
  options: Partial<Pick<Item, 'reversed' | 'inAverage' | 'notApplicable' | 'bullying'>> = {},
): Item => ({
  code,
  text,
  domain,
  scale,
  reversed: false,
  inAverage: true,
  notApplicable: [],
  bullying: false,
  ...options,
});
