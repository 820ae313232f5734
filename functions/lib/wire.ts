/**
 * A function's production wiring, built once per Lambda container from its declaration (`needs.ts`): exactly the
 * declared settings, parsed with zod at cold start (a missing one fails the init with the variable's name, never
 * a request), a logger, the clock, and exactly the declared ports, each from the adapter factory the function's
 * index.ts passes in. A factory for a port the function did not declare, or a missing one, does not compile; so
 * does a handler that needs a port or a setting the declaration does not give it. A function that declares metrics
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
} from '../../shared/ports.js';
import type { Stores, StoresWriting } from '../../shared/store/stores.js';
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
}

/** The settings object of a declaration. */
export type SettingsOf<N extends FunctionNeeds> = Settings<SettingsKeysOf<N>>;

/** Builds one port from the function's settings. */
export type PortFactory<P extends PortName, S> = (settings: S) => PortTypes[P];

/**
 * The type of a port as a declaration gives it: the stores with every read and only the writes its table access
 * declares (the factory builds them all; IAM refuses the rest), every other port as built.
 */
export type PortOf<N extends FunctionNeeds, P extends PortName> = P extends 'store'
  ? StoresWriting<StoreWritesOf<N>>
  : PortTypes[P];

/** What a wired function gets. */
export type WiredDeps<N extends FunctionNeeds> = {
  readonly config: SettingsOf<N>;
  readonly logger: Logger;
  readonly clock: Clock;
} & { readonly [P in PortsOf<N>]: PortOf<N, P> } & ([MetricNamesOf<N>] extends [never]
    ? unknown
    : { readonly metrics: FunctionMetrics<MetricNamesOf<N>> });

/** The metrics factory, for a declaration that names metrics. */
export type MetricsFactoryOf<N extends FunctionNeeds> = [MetricNamesOf<N>] extends [never]
  ? unknown
  : { readonly metrics: MetricsFactory };

/**
 * Wires a function: `wire(needs, { store: dynamoStore, mailer: sesMailer })`. Reads only `env`'s declared
 * variables (default process.env).
 */
export const wire = <N extends FunctionNeeds>(
  needs: N,
  factories: { readonly [P in PortsOf<N>]: PortFactory<P, SettingsOf<N>> } & MetricsFactoryOf<N>,
  env: Record<string, string | undefined> = process.env,
): WiredDeps<N> => {
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
  return { config, logger, clock: clockOf(config.now), ...ports, ...metrics } as WiredDeps<N>;
};
