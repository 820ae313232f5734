import { productionDeps } from '../lib/wiring.js';
import { createConsentHandler } from './consent.js';

export const handler = createConsentHandler(productionDeps());
