import { productionDeps } from '../lib/wiring.js';
import { createDispatchHandler } from './dispatch-deliveries.js';

export const handler = createDispatchHandler(productionDeps());
