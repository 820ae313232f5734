/**
 * The administration answers checked against the school and the consent they are about: what the request schema
 * cannot know. A leerjaar outside the sector's range or an onderwijssoort the school does not offer can never
 * match a respondent, so it would only show up later as a false "not surveyed" warning in the delivered report.
 * A survey period outside the school year (1900) or ending after the delivery date cannot describe the survey
 * whose results are delivered. Only requests are held to this: a consent stored before is read and delivered.
 */
import type { FieldIssue } from '../errors.js';
import { leerjaarRange } from '../ids.js';
import type { Administration, School } from '../model.js';

/** The consent the answers belong to: its school year (`2025-2026`) and its (already checked) delivery date. */
export interface AdministrationContext {
  schoolYear: string;
  deliveryDate: string;
}

/**
 * Every answer that contradicts the school's sector or onderwijssoorten, or the consent's school year and
 * delivery date, in request order; empty when sound.
 */
export const administrationIssues = (
  school: School,
  administration: Administration,
  consent: AdministrationContext,
): FieldIssue[] => {
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
  issues.push(...periodIssues(administration.period, consent));
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

/**
 * The survey period against the school year (1 August to 31 July) and the delivery date: at most one issue per
 * end, the school year first (a date outside it is also after any delivery date of that year).
 */
const periodIssues = (
  period: Administration['period'],
  { schoolYear, deliveryDate }: AdministrationContext,
): FieldIssue[] => {
  const first = Number(schoolYear.slice(0, 4));
  const opens = `${first}-08-01`;
  const closes = `${first + 1}-07-31`;
  const issues: FieldIssue[] = [];
  for (const end of ['from', 'to'] as const) {
    const date = period[end];
    const field = `administration.period.${end}`;
    if (date < opens || date > closes) {
      issues.push({
        field,
        code: 'period_outside_school_year',
        message: `the survey period must lie within school year ${schoolYear}: ${opens} to ${closes}`,
      });
    } else if (end === 'to' && date > deliveryDate) {
      issues.push({
        field,
        code: 'period_after_delivery_date',
        message: `the survey must have ended by the delivery date ${deliveryDate}`,
      });
    }
  }
  return issues;
};
