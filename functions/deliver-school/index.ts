import { productionDeps } from '../lib/wiring.js';
import { createDeliverSchoolHandler } from './deliver-school.js';

const deps = productionDeps();
// Named one by one: spreading the wiring object would create every client, needed or not.
export const handler = createDeliverSchoolHandler({
  config: deps.config,
  logger: deps.logger,
  clock: deps.clock,
  store: deps.store,
  deliveries: deps.deliveries,
  mailer: deps.mailer,
});
