import { productionDeps } from '../lib/wiring.js';
import { createGetSchoolYearHandler } from './get-school-year.js';

export const handler = createGetSchoolYearHandler(productionDeps());
