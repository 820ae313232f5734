import { productionDeps } from '../lib/wiring.js';
import { createListInstrumentsHandler } from './list-instruments.js';

export const handler = createListInstrumentsHandler(productionDeps());
