import { productionDeps } from '../lib/wiring.js';
import { createReportHandler } from './report.js';

export const handler = createReportHandler(productionDeps());
