import { dynamoStore } from '../lib/ports/table.js';
import { wire } from '../lib/wire.js';
import { createBoardOverviewHandler } from './board-overview.js';
import { needs } from './needs.js';

export const handler = createBoardOverviewHandler(wire(needs, { store: dynamoStore }));
