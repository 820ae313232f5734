import { peopleTokens } from '../lib/ports/people-tokens.js';
import { tableStores } from '../lib/ports/table.js';
import { DynamoPeopleStore } from '../lib/store/people.js';
import { DynamoTokenStore } from '../lib/store/tokens.js';
import { wire } from '../lib/wire.js';
import { createAuthorizer } from './authorizer.js';
import { needs } from './needs.js';

export const handler = createAuthorizer(
  wire(needs, { store: tableStores({ tokens: DynamoTokenStore, people: DynamoPeopleStore }), peopleTokens }),
);
