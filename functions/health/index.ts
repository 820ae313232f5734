import { wire } from '../lib/wire.js';
import { createHealthHandler } from './health.js';
import { needs } from './needs.js';

export const handler = createHealthHandler(wire(needs, {}));
