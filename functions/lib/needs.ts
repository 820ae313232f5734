/**
 * What a function needs, declared once per function in `functions/<fn>/needs.ts`: the settings it reads and the
 * kinds of access it has. Everything else is derived from that declaration: the CDK stack gives the function
 * exactly these environment variables and the grants of these kinds (infra/stateless-stack.ts), the function's
 * own wiring parses exactly these settings at cold start and builds only these ports (functions/lib/wire.ts),
 * and the local runtime runs it with the environment and role policy the stack synthesizes.
 *
 * This file is plain data: the CDK app imports it, so it must not import an AWS SDK client.
 */
import type { RequiredKey, SettingKey } from '../../shared/config.js';
import type { MetricName } from '../../shared/metrics.js';
import type { StoreName } from '../../shared/store/stores.js';

/** The ports a function can be wired with, one per kind of resource. */
export type PortName =
  | 'store'
  | 'objects'
  | 'scheduler'
  | 'mailer'
  | 'queue'
  | 'deliveries'
  | 'deliveryLinks'
  | 'peopleTokens'
  | 'userDirectory';

/**
 * Each kind of access: the port the wiring builds for it and the settings it brings; a table access also names
 * the stores it writes through (`writes`), which gives both the function's `store` type (every read, and the
 * writes of those stores) and its IAM grant (the partitions of the items those stores write,
 * shared/table-design.ts). What each kind allows in IAM is written next to its grant in
 * infra/constructs/function-factory.ts.
 *
 * - `table-read`: read the table and its index.
 * - `table-write`: read, and write school-year and delivery-date items (exports, consents, audit, deliveries,
 *   provider markers).
 * - `table-dispatch-runs`: read, and put the dispatcher's own run records (`DISPATCH#…`).
 * - `table-reminders`: read, and put or delete reminder claims (`REMINDER#…`).
 * - `upload-put`: put raw exports below `raw/` in the upload bucket.
 * - `schedules`: create and delete the delivery-date schedules, handing the scheduler role to Scheduler.
 * - `mail`: send as the configured sender.
 * - `queue-send`: send delivery jobs.
 * - `deliveries-put` / `deliveries-read`: put objects below the delivery prefix, or sign links that get them.
 * - `people-tokens`: verify people's ID tokens with the user pool's published keys (no IAM: the keys are public).
 * - `table-people`: read, and write memberships, invitations and the boards' people logs.
 * - `user-directory`: create invited people's accounts in the user pool (AdminCreateUser).
 * - `table-policy`: read, and put school policies (`POLICY#…`), nothing else.
 */
export const ACCESS_KINDS = {
  'table-read': { port: 'store', settings: ['tableName'], writes: [] },
  'table-write': {
    port: 'store',
    settings: ['tableName'],
    writes: ['exports', 'audit', 'consents', 'deliveries', 'providers'],
  },
  'table-dispatch-runs': { port: 'store', settings: ['tableName'], writes: ['dispatches'] },
  'table-reminders': { port: 'store', settings: ['tableName'], writes: ['reminders'] },
  'table-people': { port: 'store', settings: ['tableName'], writes: ['people'] },
  'table-policy': { port: 'store', settings: ['tableName'], writes: ['policies'] },
  'upload-put': { port: 'objects', settings: ['uploadBucket'] },
  schedules: {
    port: 'scheduler',
    settings: ['scheduleGroup', 'dispatcherArn', 'schedulerRoleArn', 'scheduleDlqArn', 'deliveryTime'],
  },
  mail: { port: 'mailer', settings: ['mailFrom', 'mailReplyTo', 'mailSendRate'] },
  'queue-send': { port: 'queue', settings: ['deliveryQueueUrl'] },
  'deliveries-put': { port: 'deliveries', settings: ['deliveryBucket', 'deliveryPrefix'] },
  'deliveries-read': { port: 'deliveryLinks', settings: ['deliveryBucket', 'deliveryPrefix'] },
  'people-tokens': { port: 'peopleTokens', settings: ['peopleIssuer', 'peopleClientId'] },
  'user-directory': { port: 'userDirectory', settings: ['peopleUserPoolId'] },
} as const satisfies Record<
  string,
  { port: PortName; settings: readonly SettingKey[]; writes?: readonly StoreName[] }
>;

export type AccessKind = keyof typeof ACCESS_KINDS;

/** Settings every function gets: the stage (which enables MSV_NOW locally), the log level and MSV_NOW itself. */
export const BASE_SETTINGS = ['stage', 'logLevel', 'now'] as const satisfies readonly SettingKey[];

/** A function's declaration. */
export interface FunctionNeeds {
  /** The folder under functions/. */
  readonly fn: string;
  /**
   * Settings the function's own code reads, besides those its access kinds bring. Never a resource (a table, a
   * bucket, a queue…): that comes with its access kind, so that a setting cannot exist without its grant.
   */
  readonly settings: readonly Exclude<SettingKey, RequiredKey | (typeof BASE_SETTINGS)[number]>[];
  /** What the function may touch. */
  readonly access: readonly AccessKind[];
  /**
   * The custom metrics (shared/metrics.ts) the function counts. Only a function that declares some gets
   * `metrics` from the wiring, and it can count only those names. EMF needs no grant and no setting.
   */
  readonly metrics?: readonly MetricName[];
}

/** Identity, keeping the literal types so that the wiring can check ports and settings against them. */
export const defineNeeds = <const N extends FunctionNeeds>(needs: N): N => needs;

/** The settings keys a declaration implies, in a stable order: base, access-derived, then its own. */
export type SettingsKeysOf<N extends FunctionNeeds> =
  | (typeof BASE_SETTINGS)[number]
  | N['settings'][number]
  | (typeof ACCESS_KINDS)[N['access'][number]]['settings'][number];

/** The metric names a declaration gives (never when it declares none). */
export type MetricNamesOf<N extends FunctionNeeds> = N extends { readonly metrics: readonly (infer M)[] }
  ? Extract<M, MetricName>
  : never;

/** The ports a declaration implies. */
export type PortsOf<N extends FunctionNeeds> = (typeof ACCESS_KINDS)[N['access'][number]]['port'];

/** The stores a declaration's table access writes through (never when it has none). */
export type StoreWritesOf<N extends FunctionNeeds> = {
  [A in N['access'][number]]: (typeof ACCESS_KINDS)[A] extends { writes: readonly (infer S)[] }
    ? Extract<S, StoreName>
    : never;
}[N['access'][number]];

/** Every settings key of a declaration, once each. */
export const settingsKeysOf = <N extends FunctionNeeds>(needs: N): SettingsKeysOf<N>[] =>
  [
    ...new Set<SettingKey>([
      ...BASE_SETTINGS,
      ...needs.access.flatMap((a) => ACCESS_KINDS[a].settings),
      ...needs.settings,
    ]),
  ] as SettingsKeysOf<N>[];

/** Every port of a declaration, once each. */
export const portsOf = <N extends FunctionNeeds>(needs: N): PortsOf<N>[] =>
  [...new Set(needs.access.map((a) => ACCESS_KINDS[a].port))] as PortsOf<N>[];
