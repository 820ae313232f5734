import { dynamoStore } from '../lib/ports/table.js';
import { wire } from '../lib/wire.js';
import { createListExportsHandler } from './list-exports.js';
import { needs } from './needs.js';

export const handler = createListExportsHandler(wire(needs, { store: dynamoStore }));
