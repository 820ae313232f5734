/**
 * The one configuration object. Deploy-time settings come from CDK context (infra/app.ts); the functions get the
 * runtime subset as MSV_* environment variables, parsed by the same schema, so a value means the same everywhere.
 */
import './zod-locale.js';
import * as z from 'zod/mini';
import { DELIVERY_WORKER_CONCURRENCY } from './mail/mail-rate.js';
import { isIsoDate } from './time/amsterdam.js';

const positiveInt = z.coerce.number().check(z.int(), z.positive());
const nonEmpty = z.string().check(z.minLength(1));
/** A calendar day (MM-DD) of a school year's second calendar year, before 1 July: a reminder period's start. */
const dayBeforeJuly = z.string().check(
  z.regex(/^(0[1-6])-(0[1-9]|[12]\d|3[01])$/, { message: 'must be MM-DD between 01-01 and 06-30' }),
  z.refine((s) => s <= '06-30' && isIsoDate(`2024-${s}`), { message: 'must be a real day before 1 July' }),
);

/** MSV_NOW moves the clock of the local stack only; a deployed function refuses to start with it. */
const nowOnlyLocally = (c: { stage?: unknown; now?: unknown }) => c.stage === 'local' || c.now === undefined;
const NOW_ONLY_LOCALLY = { message: 'MSV_NOW may only be set on the local stack', path: ['now'] };

export const configSchema = z
  .object({
    /** `local` only under `npm start` and tests; enables MSV_NOW. */
    stage: z._default(z.enum(['local', 'aws']), 'aws'),
    /** Optional in the schema because not every function talks to the table or the bucket; see requireSetting. */
    tableName: z.optional(nonEmpty),
    uploadBucket: z.optional(nonEmpty),
    /** Cells with fewer respondents carry no scores (anonymity at small schools). */
    minGroupSize: z._default(positiveInt, 5),
    /** Largest accepted export body. API Gateway's own limit is 10 MB and Lambda's 6 MB. */
    maxUploadBytes: z._default(positiveInt.check(z.maximum(5 * 1024 * 1024)), 5 * 1024 * 1024),
    /** More data rows than this is refused as `too_many_rows`. */
    maxRows: z._default(positiveInt, 100_000),
    /**
     * More schools than this in one file (`POST /exports`) is refused as `too_many_schools`: every school's
     * part is a few table calls and an object put, all within API Gateway's 29 seconds.
     */
    maxSchoolsPerUpload: z._default(positiveInt.check(z.maximum(1000)), 200),
    /** Simulated current time for walking through a school year locally. Refused outside the local stage. */
    now: z.optional(z.iso.datetime({ offset: true })),
    /** Response below this % of a group's students gives a representativeness warning. */
    lowResponsePercent: z._default(z.coerce.number().check(z.minimum(0), z.maximum(100)), 50),
    /** Sender and reply-to of the board emails; the sender's SES identity is created by the stateful stack. */
    mailFrom: z._default(z.email(), 'msv@example.nl'),
    /**
     * The SES account's maximum send rate, recipients a second (SES console, "Account dashboard"; 1 in the
     * sandbox): set it to what the account shows. The bulk senders are paced to their shares of it
     * (shared/mail/mail-rate.ts). At least 1, the sandbox's: below that pacing would wait longer than a run lasts.
     */
    mailSendRate: z._default(z.coerce.number().check(z.minimum(1), z.maximum(10_000)), 14),
    /**
     * Delivery workers at once (the SQS event source's maximum concurrency, 2 to 1,000, and their reservation);
     * the worker divides its share of the mail rate over them.
     */
    deliveryConcurrency: z._default(
      z.coerce.number().check(z.int(), z.minimum(2), z.maximum(1000)),
      DELIVERY_WORKER_CONCURRENCY,
    ),
    mailReplyTo: z.optional(z.email()),
    /** EventBridge Scheduler: the group, the dispatcher it invokes, the role it assumes, the dead-letter queue. */
    scheduleGroup: z.optional(nonEmpty),
    dispatcherArn: z.optional(nonEmpty),
    schedulerRoleArn: z.optional(nonEmpty),
    scheduleDlqArn: z.optional(nonEmpty),
    /** The Inspectie's delivery location: bucket and key prefix (the bucket may be in another account). */
    deliveryBucket: z.optional(nonEmpty),
    deliveryPrefix: z._default(z.string().check(z.regex(/^[a-z0-9][a-z0-9/_-]*[a-z0-9]$/)), 'deliveries'),
    /** The queue the dispatcher puts one job per school on. */
    deliveryQueueUrl: z.optional(nonEmpty),
    /** Local time (Europe/Amsterdam) at which a delivery date's schedule fires. */
    deliveryTime: z._default(z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d:[0-5]\d$/)), '06:00:00'),
    /** First day (MM-DD, in the school year's second calendar year) of the weekly reminder digests. */
    remindersStart: z._default(dayBeforeJuly, '05-01'),
    /**
     * First day (MM-DD) of the monthly "nog geen gegevens" digests, until `remindersStart`: early enough that a
     * school can still run its survey.
     */
    noDataRemindersStart: z._default(dayBeforeJuly, '03-01'),
    /** Local time (Europe/Amsterdam, HH:MM) of the daily reminder run; after the 06:00 deliveries. */
    reminderTime: z._default(
      z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'must be HH:MM' })),
      '09:00',
    ),
    /** The web app's address, for links in emails (`${appUrl}/#/boards/…`); without it mails name the API path. */
    appUrl: z.optional(
      z.pipe(
        z.url({ protocol: /^https?$/ }),
        z.transform((u) => u.replace(/\/+$/, '')),
      ),
    ),
    /**
     * Who signs people in: the issuer (`iss`) of their ID tokens — in AWS the Cognito user pool's
     * `https://cognito-idp.{region}.amazonaws.com/{poolId}`, locally the local OpenID provider — and the web
     * app's client id (the tokens' audience). The keys come from `${peopleIssuer}/.well-known/jwks.json`.
     */
    peopleIssuer: z.optional(
      z.pipe(
        z.url({ protocol: /^https?$/ }),
        z.transform((u) => u.replace(/\/+$/, '')),
      ),
    ),
    peopleClientId: z.optional(z.string().check(z.regex(/^[\w+-]{1,128}$/))),
    /** The user pool's id (`eu-west-1_AbC123`), for creating invited people's accounts. */
    peopleUserPoolId: z.optional(z.string().check(z.regex(/^[\w-]+_[0-9a-zA-Z]+$/))),
    logLevel: z._default(z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR']), 'INFO'),
  })
  .check(
    z.refine(nowOnlyLocally, NOW_ONLY_LOCALLY),
    // Both are MM-DD before July, so they compare as strings. Swapped, the monthly digest would silently never run;
    // equal turns it off on purpose.
    z.refine((c) => c.noDataRemindersStart <= c.remindersStart, {
      message: 'noDataRemindersStart (MSV_NO_DATA_REMINDERS_START) must not come after remindersStart',
      path: ['noDataRemindersStart'],
    }),
  );
export type Config = z.infer<typeof configSchema>;

/** Environment variable per config key; the functions' environment is built from this map too. */
export const ENV_NAMES = {
  stage: 'MSV_STAGE',
  tableName: 'MSV_TABLE_NAME',
  uploadBucket: 'MSV_UPLOAD_BUCKET',
  minGroupSize: 'MSV_MIN_GROUP_SIZE',
  maxUploadBytes: 'MSV_MAX_UPLOAD_BYTES',
  maxRows: 'MSV_MAX_ROWS',
  maxSchoolsPerUpload: 'MSV_MAX_SCHOOLS_PER_UPLOAD',
  now: 'MSV_NOW',
  lowResponsePercent: 'MSV_LOW_RESPONSE_PERCENT',
  mailFrom: 'MSV_MAIL_FROM',
  mailSendRate: 'MSV_MAIL_SEND_RATE',
  deliveryConcurrency: 'MSV_DELIVERY_CONCURRENCY',
  mailReplyTo: 'MSV_MAIL_REPLY_TO',
  scheduleGroup: 'MSV_SCHEDULE_GROUP',
  dispatcherArn: 'MSV_DISPATCHER_ARN',
  schedulerRoleArn: 'MSV_SCHEDULER_ROLE_ARN',
  scheduleDlqArn: 'MSV_SCHEDULE_DLQ_ARN',
  deliveryTime: 'MSV_DELIVERY_TIME',
  deliveryBucket: 'MSV_DELIVERY_BUCKET',
  deliveryPrefix: 'MSV_DELIVERY_PREFIX',
  deliveryQueueUrl: 'MSV_DELIVERY_QUEUE_URL',
  remindersStart: 'MSV_REMINDERS_START',
  noDataRemindersStart: 'MSV_NO_DATA_REMINDERS_START',
  reminderTime: 'MSV_REMINDER_TIME',
  appUrl: 'MSV_APP_URL',
  peopleIssuer: 'MSV_PEOPLE_ISSUER',
  peopleClientId: 'MSV_PEOPLE_CLIENT_ID',
  peopleUserPoolId: 'MSV_PEOPLE_USER_POOL_ID',
  logLevel: 'MSV_LOG_LEVEL',
} as const satisfies Record<keyof Config, string>;

/**
 * Reads the variables of `keys` from `env` (an empty one counts as unset) and parses them with `schema`; throws one
 * readable error naming every missing or malformed variable.
 */
const parseEnv = <T>(
  schema: z.ZodMiniType<T>,
  keys: readonly (keyof Config)[],
  env: Record<string, string | undefined>,
): T => {
  const raw: Record<string, string> = {};
  for (const k of keys) {
    const value = env[ENV_NAMES[k]];
    if (value !== undefined && value !== '') raw[k] = value;
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => {
    const key = i.path[0] as keyof Config | undefined;
    if (!key) return `config: ${i.message}`;
    return `${ENV_NAMES[key]}: ${raw[key] === undefined ? 'is not set' : i.message}`;
  });
  throw new Error(`Invalid configuration: ${problems.join('; ')}`);
};

/** Parses the config from environment variables; throws one readable error listing every bad value. */
export const loadConfig = (env: Record<string, string | undefined> = process.env): Config =>
  parseEnv(configSchema, Object.keys(ENV_NAMES) as (keyof Config)[], env);

/** The inverse of loadConfig for the given keys: what CDK and the local stack put in a function's environment. */
export const toEnvironment = (config: Partial<Config>): Record<string, string> =>
  Object.fromEntries(
    Object.entries(config)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [ENV_NAMES[k as keyof Config], String(v)]),
  );

/** A config key; every function declares the ones it reads (functions/<fn>/needs.ts). */
export type SettingKey = keyof Config;

/**
 * Settings that are optional for the operator's tools (not every process talks to the table or a bucket) but that
 * a function which declares them cannot work without: its init fails with the variable's name when one is missing.
 */
export const REQUIRED_WHEN_DECLARED = [
  'tableName',
  'uploadBucket',
  'scheduleGroup',
  'dispatcherArn',
  'schedulerRoleArn',
  'scheduleDlqArn',
  'deliveryBucket',
  'deliveryQueueUrl',
  'peopleIssuer',
  'peopleClientId',
  'peopleUserPoolId',
] as const satisfies readonly SettingKey[];
/** A resource setting: a function gets it only through an access kind (functions/lib/needs.ts). */
export type RequiredKey = (typeof REQUIRED_WHEN_DECLARED)[number];

/** The settings object of a function that declared `K`: exactly those keys, resource names required. */
export type Settings<K extends SettingKey> = Readonly<
  Omit<Pick<Config, K>, RequiredKey> & { [P in Extract<K, RequiredKey>]-?: NonNullable<Config[P]> }
>;

/**
 * Parses exactly the settings `keys` from the environment (nothing else is read), with the same schema as
 * loadConfig; throws one readable error naming every missing or malformed variable.
 */
export const loadSettings = <K extends SettingKey>(
  keys: readonly K[],
  env: Record<string, string | undefined> = process.env,
): Settings<K> => {
  const shape = configSchema.shape;
  const required = new Set<string>(REQUIRED_WHEN_DECLARED);
  const picked = Object.fromEntries(
    keys.map((k) => {
      const field = shape[k];
      return [k, required.has(k) && field instanceof z.ZodMiniOptional ? field.def.innerType : field];
    }),
  );
  return parseEnv(
    z.object(picked).check(z.refine(nowOnlyLocally, NOW_ONLY_LOCALLY)),
    keys,
    env,
  ) as Settings<K>;
};

/** A setting a component cannot work without; a clear error at wiring time instead of an odd SDK error later. */
export const requireSetting = <K extends keyof Config>(config: Config, key: K): NonNullable<Config[K]> => {
  const value = config[key];
  if (value === undefined || value === null)
    throw new Error(`Invalid configuration: ${ENV_NAMES[key]} is not set`);
  return value as NonNullable<Config[K]>;
};
