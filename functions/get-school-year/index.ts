import { tableStores } from '../lib/ports/table.js';
import { DynamoConsentStore } from '../lib/store/consents.js';
import { DynamoExportStore } from '../lib/store/exports.js';
import { DynamoProviderStore } from '../lib/store/providers.js';
import { DynamoSchoolStore } from '../lib/store/schools.js';
import { DynamoWindowStore } from '../lib/store/windows.js';
import { wire } from '../lib/wire.js';
import { createGetSchoolYearHandler } from './get-school-year.js';
import { needs } from './needs.js';

export const handler = createGetSchoolYearHandler(
  wire(needs, {
    store: tableStores({
      schools: DynamoSchoolStore,
      exports: DynamoExportStore,
      consents: DynamoConsentStore,
      windows: DynamoWindowStore,
      providers: DynamoProviderStore,
    }),
  }),
);
