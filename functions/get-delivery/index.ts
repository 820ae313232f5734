import { productionDeps } from '../lib/wiring.js';
import { createGetDeliveryHandler } from './get-delivery.js';

export const handler = createGetDeliveryHandler(productionDeps());
