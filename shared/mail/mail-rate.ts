/**
 * How the SES account's maximum send rate (config `mailSendRate`, mails a second) is shared. Two senders send in
 * bulk and are paced (shared/mail/paced-mailer.ts): the delivery worker (a confirmation per delivered school, on
 * a national delivery day thousands) and the reminders (June's digests, one per board). The rest of the rate is
 * left for the mails people cause one at a time (a consent, an upload under a `latest` consent, an invitation):
 * few, unpaced, and retried when SES throttles them anyway. A share is divided over the containers that send it
 * at once, so that together they stay under it.
 */
export const MAIL_RATE_SHARES = { deliveries: 0.5, reminders: 0.3 } as const;

/**
 * The delivery worker's concurrency unless the operator deploys another (`deliveryConcurrency`): the event
 * source's maximum concurrency and its reserved concurrency (infra/constructs/delivery-pipeline.ts says why), and
 * the number of containers its share of the mail rate is divided over. bench/out/capacity.md says what a
 * national day needs.
 */
export const DELIVERY_WORKER_CONCURRENCY = 5;

/** The mails a second one container of a sender may send. */
export const containerRate = (accountRate: number, share: number, containers: number): number =>
  (accountRate * share) / containers;
