import { tableStores } from '../lib/ports/table.js';
import { DynamoPolicyStore } from '../lib/store/policies.js';
import { DynamoSchoolStore } from '../lib/store/schools.js';
import { wire } from '../lib/wire.js';
import { needs } from './needs.js';
import { createSchoolPolicyHandler } from './school-policy.js';

export const handler = createSchoolPolicyHandler(
  wire(needs, { store: tableStores({ schools: DynamoSchoolStore, policies: DynamoPolicyStore }) }),
);
