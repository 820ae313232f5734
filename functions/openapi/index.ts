import { wire } from '../lib/wire.js';
import { needs } from './needs.js';
import { createOpenApiHandler } from './openapi.js';

export const handler = createOpenApiHandler(wire(needs, {}));
