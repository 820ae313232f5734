import { productionDeps } from '../lib/wiring.js';
import { createMeHandler } from './me.js';

export const handler = createMeHandler(productionDeps());
