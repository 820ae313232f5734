import { productionDeps } from '../lib/wiring.js';
import { createSendRemindersHandler } from './send-reminders.js';

const deps = productionDeps();
export const handler = createSendRemindersHandler({
  logger: deps.logger,
  clock: deps.clock,
  store: deps.store,
  mailer: deps.mailer,
  remindersStart: deps.config.remindersStart,
  appUrl: deps.config.appUrl,
});
