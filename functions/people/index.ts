import { emfMetrics } from '../lib/metrics.js';
import { sesMailer } from '../lib/ports/mailer.js';
import { tableStores } from '../lib/ports/table.js';
import { cognitoDirectory } from '../lib/ports/user-directory.js';
import { DynamoBoardStore } from '../lib/store/boards.js';
import { DynamoPeopleStore } from '../lib/store/people.js';
import { DynamoSchoolStore } from '../lib/store/schools.js';
import { wire } from '../lib/wire.js';
import { needs } from './needs.js';
import { createPeopleHandler } from './people.js';

export const handler = createPeopleHandler(
  wire(needs, {
    store: tableStores({ people: DynamoPeopleStore, boards: DynamoBoardStore, schools: DynamoSchoolStore }),
    userDirectory: cognitoDirectory,
    mailer: sesMailer,
    metrics: emfMetrics,
  }),
);
