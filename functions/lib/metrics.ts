/**
 * A function's custom metrics (shared/metrics.ts) through Powertools Metrics: counts added during an invocation
 * are written to stdout as one CloudWatch embedded-metric-format (EMF) line when it ends (the logMetrics
 * middleware, which api-handler.ts and event-handler.ts put in the chain), and CloudWatch Logs turns that line into
 * metrics. No
 * CloudWatch API call and no IAM grant are involved. The wiring builds one per function that declares metrics in
 * its needs.ts (its index.ts passes `emfMetrics`), typed to the names it declares.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { METRICS_NAMESPACE, METRICS_SERVICE, type MetricName } from '../../shared/metrics.js';

/** The metrics a function may count: exactly the names `M` (a handler counting another does not compile). */
export interface FunctionMetrics<M extends MetricName = MetricName> {
  /** Adds `value` (default 1) to the count `name` of this invocation. */
  readonly count: (name: M, value?: number) => void;
  /** The Powertools instance behind it. */
  readonly emitter: Metrics;
  /**
   * Its logMetrics middleware, which flushes it at the end of each invocation: built here, so that a function
   * without metrics bundles nothing of Powertools Metrics, not even the middleware.
   */
  readonly middleware: ReturnType<typeof logMetrics>;
}

/**
 * Powertools' own messages go to the function's logger. "No application metrics to publish" would be a warning
 * on every invocation that counted nothing (a GET of the consent, a reminder run on a day without reminders):
 * that one is only worth a debug line.
 */
const metricsLogger = (logger: Logger) => ({
  debug: (...args: unknown[]) => logger.debug(String(args[0])),
  info: (...args: unknown[]) => logger.info(String(args[0])),
  warn: (...args: unknown[]) =>
    String(args[0]).startsWith('No application metrics')
      ? logger.debug(String(args[0]))
      : logger.warn(String(args[0])),
  error: (...args: unknown[]) => logger.error(String(args[0])),
});

/** Builds a function's metrics, logging through its logger. */
export type MetricsFactory = (logger: Logger) => FunctionMetrics;

/** One function's metrics, namespace `msv`, dimension `service: msv`. */
export const emfMetrics: MetricsFactory = (logger) => {
  const emitter = new Metrics({
    namespace: METRICS_NAMESPACE,
    serviceName: METRICS_SERVICE,
    logger: metricsLogger(logger),
  });
  return {
    count: (name, value = 1) => emitter.addMetric(name, MetricUnit.Count, value),
    emitter,
    middleware: logMetrics(emitter),
  };
};
