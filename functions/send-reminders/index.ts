import { MAIL_RATE_SHARES } from '../../shared/mail/mail-rate.js';
import { emfMetrics } from '../lib/metrics.js';
import { dynamoStore } from '../lib/ports/every-store.js';
import { pacedSesMailer } from '../lib/ports/mailer.js';
import { wire } from '../lib/wire.js';
import { needs } from './needs.js';
import { createSendRemindersHandler } from './send-reminders.js';

// June's digests, one run at a time: the reminders' whole share of the SES rate. A board whose mail still fails
// is retried by the run's own retry (its claim keeps the others from a second mail).
const mailer = pacedSesMailer({ share: MAIL_RATE_SHARES.reminders, containers: 1, maxWaitMs: 20_000 });

export const handler = createSendRemindersHandler(
  wire(needs, { store: dynamoStore, mailer, metrics: emfMetrics }),
);
