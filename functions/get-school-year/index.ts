import { dynamoStore } from '../lib/ports/table.js';
import { wire } from '../lib/wire.js';
import { createGetSchoolYearHandler } from './get-school-year.js';
import { needs } from './needs.js';

export const handler = createGetSchoolYearHandler(wire(needs, { store: dynamoStore }));
