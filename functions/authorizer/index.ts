import { peopleTokens } from '../lib/ports/people-tokens.js';
import { dynamoStore } from '../lib/ports/table.js';
import { wire } from '../lib/wire.js';
import { createAuthorizer } from './authorizer.js';
import { needs } from './needs.js';

export const handler = createAuthorizer(wire(needs, { store: dynamoStore, peopleTokens }));
