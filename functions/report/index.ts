import { dynamoStore } from '../lib/ports/table.js';
import { wire } from '../lib/wire.js';
import { needs } from './needs.js';
import { createReportHandler } from './report.js';

export const handler = createReportHandler(wire(needs, { store: dynamoStore }));
