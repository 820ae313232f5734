/**
 * A school's safety policy (veiligheidsbeleid) as the school states it: the one person who coordinates the
 * anti-bullying policy and is the aanspreekpunt pesten (the law asks for one), the date the safety plan was
 * last adopted, which of the twelve protocols the plan has, and the programmes or methods the school uses.
 * Every field is optional: what the school has not stated stays absent and is named as missing (report.ts),
 * never guessed.
 *
 * Strict on purpose: a field the policy does not have is refused (a typo such as `protocol` would otherwise
 * be dropped silently and the school would believe it was saved), and every refusal has a stable code and the
 * field it is about (parsePolicyRequest).
 */
import '../zod-locale.js';
import * as z from 'zod/mini';
import type { FieldIssue } from '../errors.js';
import { isIsoDate } from '../time/amsterdam.js';
import { inListOrder, PROTOCOL_CODES, PROTOCOLS } from './protocols.js';

/** The bounds of the free-text fields, in characters after trimming. */
export const POLICY_LIMITS = { name: 200, email: 254, programmes: 2000 } as const;

/**
 * The earliest adoption date taken. No rule sets one; it catches a mistyped year (`0202-05-01`), and a plan
 * last adopted before 2000 predates the duty (2015) by far.
 */
export const EARLIEST_ADOPTION = '2000-01-01';

/** Any control character: a name or an address is one line. */
const CONTROL = /\p{Cc}/u;
/** A control character other than a line break or a tab: the programmes may have lines. */
const CONTROL_BUT_LINES = /[^\P{Cc}\n\r\t]/u;

/** A custom issue's stable code travels in its params (parsePolicyRequest reads it back). */
const rule = (ok: (value: string) => boolean, code: string, message: string, abort = false) =>
  z.refine<string>(ok, { message, params: { code }, abort });

const text = (max: number, control: RegExp) =>
  z.string().check(
    z.trim(),
    z.minLength(1, { message: 'must not be empty: leave the field out when it is not known' }),
    z.maxLength(max, { message: `must be at most ${max} characters` }),
    rule((s) => !control.test(s), 'invalid_characters', 'must not contain control characters'),
  );

/** The anti-bullying coordinator, who is also the aanspreekpunt pesten: a name and a contact address. */
export const coordinatorSchema = z.strictObject({
  name: z.optional(text(POLICY_LIMITS.name, CONTROL)),
  email: z.optional(
    z
      .string()
      .check(
        z.trim(),
        z.maxLength(POLICY_LIMITS.email, { message: `must be at most ${POLICY_LIMITS.email} characters` }),
        z.email({ message: 'must be an email address such as pestcoordinator@school.nl' }),
      ),
  ),
});

/**
 * A real calendar date, `YYYY-MM-DD`, from {@link EARLIEST_ADOPTION}; "not in the future" needs the clock.
 */
export const adoptionDateSchema = z.string().check(
  rule(isIsoDate, 'invalid_date', 'must be a real calendar date written as YYYY-MM-DD', true),
  rule(
    (d) => d >= EARLIEST_ADOPTION,
    'date_too_early',
    `must be ${EARLIEST_ADOPTION} or later (a mistyped year?)`,
  ),
);

/** Which of the twelve protocols the safety plan has: each once, stored in the list's order. */
export const protocolsSchema = z.array(z.enum(PROTOCOL_CODES)).check(
  z.maxLength(PROTOCOLS.length, { message: `there are ${PROTOCOLS.length} protocols` }),
  z.superRefine((codes, ctx) => {
    codes.forEach((code, i) => {
      if (codes.indexOf(code) !== i) {
        ctx.addIssue({
          code: 'custom',
          path: [i],
          message: `protocol ${code} is listed twice`,
          params: { code: 'duplicate_protocol' },
          input: code,
        });
      }
    });
  }),
  z.overwrite(inListOrder),
);

const policyShape = {
  coordinator: z.optional(coordinatorSchema),
  safetyPlanAdopted: z.optional(adoptionDateSchema),
  protocols: z.optional(protocolsSchema),
  programmes: z.optional(text(POLICY_LIMITS.programmes, CONTROL_BUT_LINES)),
};

/** A school's policy as stored and answered. */
export const schoolPolicySchema = z.strictObject(policyShape);
export type SchoolPolicy = z.output<typeof schoolPolicySchema>;

/**
 * A policy as a consent stored it (its snapshot), read leniently: a consent must stay readable and deliverable
 * when the request's checks change later (a protocol renamed, a limit lowered), as every stored record is.
 */
export const storedPolicySchema = z.object({
  coordinator: z.optional(z.object({ name: z.optional(z.string()), email: z.optional(z.string()) })),
  safetyPlanAdopted: z.optional(z.string()),
  protocols: z.optional(z.array(z.string())),
  programmes: z.optional(z.string()),
});

/** The body of `PUT /schools/{schoolId}/policy`: the whole policy, and the version it replaces when known. */
export const policyRequestSchema = z.strictObject({
  ...policyShape,
  version: z.optional(
    z
      .number()
      .check(
        z.int({ message: 'must be the version read with GET, a whole number' }),
        z.minimum(0, { message: 'must be 0 (none stored yet) or the version read with GET' }),
      ),
  ),
});

const KNOWN_FIELDS = 'coordinator, safetyPlanAdopted, protocols, programmes and version';
/** An unknown key is echoed in the answer: never at full length. */
const shown = (key: string) => (key.length > 60 ? `${key.slice(0, 60)}…` : key);

/** A stable code for each kind of zod issue this schema raises. */
const codeOf = (issue: z.core.$ZodIssue): string => {
  if (issue.path[0] === 'version') return 'invalid_version';
  switch (issue.code) {
    case 'custom':
      return typeof issue.params?.code === 'string' ? issue.params.code : 'invalid_value';
    case 'too_small':
      return 'empty';
    case 'too_big':
      return 'too_long';
    case 'invalid_format':
      return 'invalid_email';
    case 'invalid_value':
      return 'unknown_protocol';
    default:
      return issue.code;
  }
};

const fieldIssuesOf = (issues: readonly z.core.$ZodIssue[]): FieldIssue[] =>
  issues.flatMap((issue): FieldIssue[] => {
    const at = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        field: [...at, shown(key)].join('.'),
        code: 'unknown_field',
        message:
          at.length === 0
            ? `Unknown field "${shown(key)}": a policy has ${KNOWN_FIELDS}.`
            : `Unknown field "${shown(key)}": the coordinator has a name and an email.`,
      }));
    }
    if (issue.code === 'invalid_value' && at[0] === 'protocols') {
      return [
        {
          field: at.join('.'),
          code: 'unknown_protocol',
          message: `Unknown protocol: use one of ${PROTOCOL_CODES.join(', ')}.`,
        },
      ];
    }
    return [{ field: at.join('.'), code: codeOf(issue), message: issue.message }];
  });

export type PolicyRequestResult =
  | { ok: true; policy: SchoolPolicy; version: number | undefined }
  | { ok: false; issues: FieldIssue[] };

/**
 * A request's policy, checked and normalised (texts trimmed, protocols in the list's order, an empty
 * coordinator left out), or every issue with its field and a stable code: `unknown_field`, `invalid_type`,
 * `empty`, `too_long`, `invalid_characters`, `invalid_email`, `invalid_date`, `date_too_early`,
 * `date_in_future` (after `today`, Amsterdam's calendar date), `unknown_protocol`, `duplicate_protocol`,
 * `invalid_version`.
 */
export const parsePolicyRequest = (input: unknown, today: string): PolicyRequestResult => {
  const parsed = policyRequestSchema.safeParse(input);
  const issues = parsed.success ? [] : fieldIssuesOf(parsed.error.issues);
  // Checked on the input itself, so that it is named along with the other fields' issues.
  const adopted = (input as { safetyPlanAdopted?: unknown } | null)?.safetyPlanAdopted;
  if (typeof adopted === 'string' && isIsoDate(adopted) && adopted > today) {
    issues.push({
      field: 'safetyPlanAdopted',
      code: 'date_in_future',
      message: `must not be after today (${today}): the date the plan was adopted, not a planned one`,
    });
  }
  if (!parsed.success || issues.length > 0) return { ok: false, issues };
  const { version, coordinator, ...rest } = parsed.data;
  const hasCoordinator = coordinator && (coordinator.name !== undefined || coordinator.email !== undefined);
  return { ok: true, version, policy: { ...(hasCoordinator ? { coordinator } : {}), ...rest } };
};

/**
 * The policy in one canonical form (fixed key order, absent fields left out): two policies are the same when
 * these are equal, whatever order their keys were stored or sent in.
 */
export const canonicalPolicy = (p: SchoolPolicy): string =>
  JSON.stringify({
    coordinator: p.coordinator ? { name: p.coordinator.name, email: p.coordinator.email } : undefined,
    safetyPlanAdopted: p.safetyPlanAdopted,
    protocols: p.protocols,
    programmes: p.programmes,
  });
