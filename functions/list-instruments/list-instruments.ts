/** `GET /instruments`: the instrument catalog in its public shape, for vendors mapping their exports. */
import type { Logger } from '@aws-lambda-powertools/logger';
import { instruments, toPublicInstrument } from '../../shared/instruments/catalog.js';
import { apiHandler } from '../lib/api-handler.js';
import { json, principalOf } from '../lib/http.js';

export const createListInstrumentsHandler = ({ logger }: { logger: Logger }) =>
  apiHandler(logger, async (event) => {
    principalOf(event);
    return json(200, instruments.map(toPublicInstrument));
  });
