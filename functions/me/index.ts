import { dynamoStore } from '../lib/ports/table.js';
import { wire } from '../lib/wire.js';
import { createMeHandler } from './me.js';
import { needs } from './needs.js';

export const handler = createMeHandler(wire(needs, { store: dynamoStore }));
