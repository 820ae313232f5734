/** Liveness check: no auth, no dependencies, so it says only that the API and a function answer. */
import type { Logger } from '@aws-lambda-powertools/logger';
import { apiHandler } from '../lib/api-handler.js';
import { json } from '../lib/http.js';

export const createHealthHandler = ({ logger }: { logger: Logger }) =>
  apiHandler(logger, async () => json(200, { status: 'ok', service: 'msv' }));
