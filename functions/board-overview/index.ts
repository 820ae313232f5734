import { productionDeps } from '../lib/wiring.js';
import { createBoardOverviewHandler } from './board-overview.js';

export const handler = createBoardOverviewHandler(productionDeps());
