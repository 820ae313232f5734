/**
 * The administration answers checked against the school they are about: what the request schema cannot know.
 * A leerjaar outside the sector's range or an onderwijssoort the school does not offer can never match a
 * respondent, so it would only show up later as a false "not surveyed" warning in the delivered report.
 */
import type { FieldIssue } from '../errors.js';
import { leerjaarRange } from '../ids.js';
import type { Administration, School } from '../model.js';

/** Every answer that contradicts the school's sector or onderwijssoorten, in request order; empty when sound. */
export const administrationIssues = (school: School, administration: Administration): FieldIssue[] => {
  const { min, max } = leerjaarRange(school.sector);
  const outOfRange = (field: string): FieldIssue => ({
    field,
    code: 'leerjaar_out_of_range',
    message: `a ${school.sector} school has leerjaar ${min} to ${max}`,
  });
  const issues: FieldIssue[] = [];
  administration.surveyedLeerjaren.forEach((leerjaar, i) => {
    if (leerjaar < min || leerjaar > max) issues.push(outOfRange(`administration.surveyedLeerjaren.${i}`));
  });
  administration.studentCounts.forEach((count, i) => {
    const at = `administration.studentCounts.${i}`;
    if (count.leerjaar < min || count.leerjaar > max) issues.push(outOfRange(`${at}.leerjaar`));
    if (count.onderwijssoort !== undefined && !school.onderwijssoorten.includes(count.onderwijssoort)) {
      issues.push({
        field: `${at}.onderwijssoort`,
        code: 'onderwijssoort_not_offered',
        message:
          school.onderwijssoorten.length === 0
            ? 'this school has no onderwijssoorten; leave onderwijssoort out'
            : `this school offers ${school.onderwijssoorten.join(', ')}`,
      });
    }
  });
  return issues;
};
