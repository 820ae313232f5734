import { tableStores } from '../lib/ports/table.js';
import { DynamoBoardStore } from '../lib/store/boards.js';
import { DynamoPeopleStore } from '../lib/store/people.js';
import { DynamoSchoolStore } from '../lib/store/schools.js';
import { wire } from '../lib/wire.js';
import { createMeHandler } from './me.js';
import { needs } from './needs.js';

export const handler = createMeHandler(
  wire(needs, {
    store: tableStores({ boards: DynamoBoardStore, schools: DynamoSchoolStore, people: DynamoPeopleStore }),
  }),
);
