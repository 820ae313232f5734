/**
 * `GET /instruments`: the instrument catalog in its public shape, for vendors mapping their exports — the shipped
 * instruments and those the operator stored since, each at its newest version.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { toPublicInstrument } from '../../shared/instruments/catalog.js';
import { allInstruments, type InstrumentCatalogReads } from '../../shared/instruments/instrument-catalog.js';
import { apiHandler } from '../lib/api-handler.js';
import { json, principalOf } from '../lib/http.js';

export const createListInstrumentsHandler = ({
  logger,
  store,
}: {
  logger: Logger;
  store: { instruments: InstrumentCatalogReads };
}) =>
  apiHandler(logger, async (event) => {
    principalOf(event);
    return json(200, (await allInstruments(store.instruments)).map(toPublicInstrument));
  });
