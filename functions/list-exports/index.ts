import { productionDeps } from '../lib/wiring.js';
import { createListExportsHandler } from './list-exports.js';

export const handler = createListExportsHandler(productionDeps());
