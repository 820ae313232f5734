import { tableStores } from '../lib/ports/table.js';
import { DynamoInstrumentStore } from '../lib/store/instruments.js';
import { wire } from '../lib/wire.js';
import { createListInstrumentsHandler } from './list-instruments.js';
import { needs } from './needs.js';

export const handler = createListInstrumentsHandler(
  wire(needs, { store: tableStores({ instruments: DynamoInstrumentStore }) }),
);
