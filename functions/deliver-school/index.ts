import { MAIL_RATE_SHARES } from '../../shared/mail/mail-rate.js';
import { emfMetrics } from '../lib/metrics.js';
import { deliveryObjects } from '../lib/ports/deliveries.js';
import { dynamoStore } from '../lib/ports/every-store.js';
import { deliveryMailer } from '../lib/ports/mailer.js';
import { wire } from '../lib/wire.js';
import { createDeliverSchoolHandler } from './deliver-school.js';
import { needs } from './needs.js';

// The confirmations of a delivery day, paced to the worker's share of the SES rate over its containers; a
// batch of five jobs has two minutes, so one mail waits out throttles for at most 10 s before its job is retried.
const mailer = deliveryMailer({ share: MAIL_RATE_SHARES.deliveries, maxWaitMs: 10_000 });

export const handler = createDeliverSchoolHandler(
  wire(needs, { store: dynamoStore, deliveries: deliveryObjects, mailer, metrics: emfMetrics }),
);
