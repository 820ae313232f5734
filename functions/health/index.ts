import { productionDeps } from '../lib/wiring.js';
import { createHealthHandler } from './health.js';

export const handler = createHealthHandler(productionDeps());
