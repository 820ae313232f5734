import { tableStores } from '../lib/ports/table.js';
import { DynamoExportStore } from '../lib/store/exports.js';
import { DynamoSchoolStore } from '../lib/store/schools.js';
import { wire } from '../lib/wire.js';
import { createListExportsHandler } from './list-exports.js';
import { needs } from './needs.js';

export const handler = createListExportsHandler(
  wire(needs, { store: tableStores({ schools: DynamoSchoolStore, exports: DynamoExportStore }) }),
);
