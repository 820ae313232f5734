import { tableStores } from '../lib/ports/table.js';
import { DynamoBoardStore } from '../lib/store/boards.js';
import { DynamoConsentStore } from '../lib/store/consents.js';
import { DynamoExportStore } from '../lib/store/exports.js';
import { DynamoProviderStore } from '../lib/store/providers.js';
import { DynamoSchoolStore } from '../lib/store/schools.js';
import { DynamoWindowStore } from '../lib/store/windows.js';
import { wire } from '../lib/wire.js';
import { createBoardOverviewHandler } from './board-overview.js';
import { needs } from './needs.js';

export const handler = createBoardOverviewHandler(
  wire(needs, {
    store: tableStores({
      boards: DynamoBoardStore,
      schools: DynamoSchoolStore,
      exports: DynamoExportStore,
      consents: DynamoConsentStore,
      windows: DynamoWindowStore,
      providers: DynamoProviderStore,
    }),
  }),
);
