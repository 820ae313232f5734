import { emfMetrics } from '../lib/metrics.js';
import { deliveryObjects } from '../lib/ports/deliveries.js';
import { sesMailer } from '../lib/ports/mailer.js';
import { dynamoStore } from '../lib/ports/table.js';
import { wire } from '../lib/wire.js';
import { createDeliverSchoolHandler } from './deliver-school.js';
import { needs } from './needs.js';

export const handler = createDeliverSchoolHandler(
  wire(needs, { store: dynamoStore, deliveries: deliveryObjects, mailer: sesMailer, metrics: emfMetrics }),
);
