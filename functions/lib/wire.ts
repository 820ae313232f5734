/**
 * A function's production wiring, built once per Lambda container from its declaration (`needs.ts`): exactly the
 * declared settings, parsed with zod at cold start (a missing one fails the init with the variable's name, never
 * a request), a logger, the clock, and exactly the declared ports, each from the adapter factory the function's
 * index.ts passes in. A factory for a port the function did not declare, or a missing one, does not compile; so
 * does a handler that needs a port or a setting the declaration does not give it. The table port's factory may
 * build only some stores (`tableStores` in ports/table.ts): the function's `store` then has only those. A function that declares metrics
 * passes their factory too (`metrics: emfMetrics`) and gets `metrics`, which counts only the declared names; the
 * others neither pass it nor bundle Powertools Metrics.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { type Clock, clockOf } from '../../shared/clock.js';
import { loadSettings, type Settings } from '../../shared/config.js';
import type {
  DeliveryQueue,
  DeliveryScheduler,
  DownloadLinks,
  Mailer,
  ObjectStore,
  PeopleTokens,
  UserDirectory,
} from '../../shared/ports.js';
import type { StoreName, Stores, StoresWriting } from '../../shared/store/stores.js';
import type { FunctionMetrics, MetricsFactory } from './metrics.js';
import {
  type FunctionNeeds,
  type MetricNamesOf,
  type PortName,
  type PortsOf,
  type SettingsKeysOf,
  type StoreWritesOf,
  settingsKeysOf,
} from './needs.js';

/** The type of each port, as its factory builds it. */
export interface PortTypes {
  store: Stores;
  objects: ObjectStore;
  scheduler: DeliveryScheduler;
  mailer: Mailer;
  queue: DeliveryQueue;
  deliveries: ObjectStore;
  deliveryLinks: DownloadLinks;
  peopleTokens: PeopleTokens;
  userDirectory: UserDirectory;
}

/** The settings object of a declaration. */
export type SettingsOf<N extends FunctionNeeds> = Settings<SettingsKeysOf<N>>;

/** Builds one port from the function's settings; the table's may build only some of the stores. */
export type PortFactory<P extends PortName, S> = (
  settings: S,
) => P extends 'store' ? Partial<Stores> : PortTypes[P];

/** The stores a table factory builds (every one for `dynamoStore`). */
type StoresBuiltBy<F> = F extends { readonly store: (settings: never) => infer R } ? keyof R : StoreName;

/**
 * The type of a port as a declaration gives it: the stores its factory builds, each with every read and only the
 * writes its table access declares (the factory builds adapters with every write; IAM refuses the rest), every
 * other port as built.
 */
export type PortOf<N extends FunctionNeeds, P extends PortName, F = unknown> = P extends 'store'
  ? Pick<StoresWriting<StoreWritesOf<N>>, StoresBuiltBy<F> & keyof StoresWriting<StoreWritesOf<N>>>
  : PortTypes[P];

/** What a wired function gets, with the ports its factories `F` build. */
export type WiredDeps<N extends FunctionNeeds, F = unknown> = {
  readonly config: SettingsOf<N>;
  readonly logger: Logger;
  readonly clock: Clock;
} & { readonly [P in PortsOf<N>]: PortOf<N, P, F> } & ([MetricNamesOf<N>] extends [never]
    ? unknown
    : { readonly metrics: FunctionMetrics<MetricNamesOf<N>> });

/** The metrics factory, for a declaration that names metrics. */
export type MetricsFactoryOf<N extends FunctionNeeds> = [MetricNamesOf<N>] extends [never]
  ? unknown
  : { readonly metrics: MetricsFactory };

/** The factories a declaration takes: one per declared port, and the metrics' if it names metrics. */
export type FactoriesOf<N extends FunctionNeeds> = {
  readonly [P in PortsOf<N>]: PortFactory<P, SettingsOf<N>>;
} & MetricsFactoryOf<N>;

/**
 * Wires a function: `wire(needs, { store: dynamoStore, mailer: sesMailer })`. Reads only `env`'s declared
 * variables (default process.env).
 */
export const wire = <N extends FunctionNeeds, F extends FactoriesOf<N>>(
  needs: N,
  // No factory for a port that was not declared (a generic parameter escapes the excess-property check).
  factories: F & { readonly [K in Exclude<keyof F, keyof FactoriesOf<N>>]: never },
  env: Record<string, string | undefined> = process.env,
): WiredDeps<N, F> => {
  const config = loadSettings(settingsKeysOf(needs), env) as SettingsOf<N>;
  const logger = new Logger({ serviceName: 'msv', logLevel: config.logLevel });
  const { metrics: makeMetrics, ...portFactories } = factories as Record<string, unknown> & {
    metrics?: MetricsFactory;
  };
  const ports = Object.fromEntries(
    Object.entries(portFactories).map(([port, make]) => [
      port,
      (make as PortFactory<PortName, SettingsOf<N>>)(config),
    ]),
  );
  const metrics = needs.metrics?.length && makeMetrics ? { metrics: makeMetrics(logger) } : {};
  return { config, logger, clock: clockOf(config.now), ...ports, ...metrics } as WiredDeps<N, F>;
};
