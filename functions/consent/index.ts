import { emfMetrics } from '../lib/metrics.js';
import { dynamoStore } from '../lib/ports/every-store.js';
import { sesMailer } from '../lib/ports/mailer.js';
import { eventBridgeScheduler } from '../lib/ports/scheduler.js';
import { wire } from '../lib/wire.js';
import { createConsentHandler } from './consent.js';
import { needs } from './needs.js';

export const handler = createConsentHandler(
  wire(needs, {
    store: dynamoStore,
    scheduler: eventBridgeScheduler,
    mailer: sesMailer,
    metrics: emfMetrics,
  }),
);
