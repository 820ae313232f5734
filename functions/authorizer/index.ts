import { productionDeps } from '../lib/wiring.js';
import { createAuthorizer } from './authorizer.js';

const deps = productionDeps();
export const handler = createAuthorizer({ store: deps.store, logger: deps.logger });
