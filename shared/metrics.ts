/**
 * The custom metrics msv emits (CloudWatch embedded metric format, through Powertools Metrics): one namespace, one
 * `service` dimension, and these counts. The functions that emit them name them in their needs.ts, and the
 * stateless stack's alarms read them from here, so a renamed metric cannot leave an alarm watching nothing.
 */

/** The CloudWatch namespace of every msv metric. */
export const METRICS_NAMESPACE = 'msv';

/** The value of the `service` dimension Powertools adds to every metric. */
export const METRICS_SERVICE = 'msv';

/** Every custom metric, all counts. */
export const METRIC_NAMES = [
  /** An upload answered "accepted": a new export (201) or the same bytes again (200). */
  'ExportsAccepted',
  /** An upload refused for its content (422 invalid_export). */
  'ExportsRejected',
  /** A consent given (201), changed (200) or revoked. */
  'ConsentsGiven',
  'ConsentsChanged',
  'ConsentsRevoked',
  /** A school delivered to the Inspectie (not a repeat of an earlier delivery). */
  'Deliveries',
  /** A board reminded (the day's digest or the missed-delivery mail). */
  'RemindersSent',
  /**
   * A mail that finally failed: a consent mail after its retries, a delivery confirmation, a board's reminder
   * run (its mail after the retries, or reading its schools), or an invitation mail after its retries.
   */
  'MailsFailed',
] as const;

export type MetricName = (typeof METRIC_NAMES)[number];
