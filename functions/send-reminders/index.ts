import { emfMetrics } from '../lib/metrics.js';
import { sesMailer } from '../lib/ports/mailer.js';
import { dynamoStore } from '../lib/ports/table.js';
import { wire } from '../lib/wire.js';
import { needs } from './needs.js';
import { createSendRemindersHandler } from './send-reminders.js';

export const handler = createSendRemindersHandler(
  wire(needs, { store: dynamoStore, mailer: sesMailer, metrics: emfMetrics }),
);
