import { dynamoStore } from '../lib/ports/every-store.js';
import { wire } from '../lib/wire.js';
import { needs } from './needs.js';
import { createReportHandler } from './report.js';

export const handler = createReportHandler(wire(needs, { store: dynamoStore }));
