/**
 * A school whose whole export has fewer respondents than `minGroupSize`: for the students' anonymity every score
 * is suppressed, at the school level too, so its delivery carries no averages at all. What is delivered then
 * (decided, see the README's "Consent"): the report as always — who took part and how, the response against the
 * DUO counts, the warnings — with every score marked "te weinig respondenten". That shows the Inspectie that the
 * school monitored, without a figure that could point at a student. Because it is so much less than a board
 * expects, consent for such an export needs an explicit confirmation (`confirmSmallSchool`); never a silently
 * empty delivery.
 */
import type { Aggregates } from '../ingest/types.js';
import { ConsentError } from './messages.js';

/** The figures behind the confirmation. */
export interface SmallSchool {
  respondents: number;
  minGroupSize: number;
}

/** The whole school below `minGroupSize` in these aggregates, or undefined when its scores are delivered. */
export const smallSchoolOf = (aggregates: Aggregates): SmallSchool | undefined => {
  const school = aggregates.levels.find((l) => l.level === 'school');
  if (!school?.suppressed) return undefined;
  return { respondents: school.respondents, minGroupSize: aggregates.minGroupSize };
};

/** What is delivered for a small school, in Dutch: for the consent's refusal, the preview and the mails. */
export const smallSchoolNl = (s: SmallSchool): string =>
  `De export heeft ${s.respondents} ${s.respondents === 1 ? 'respondent' : 'respondenten'}, minder dan ${s.minGroupSize}: om de anonimiteit van de leerlingen te beschermen worden er geen scores geleverd, ook niet voor de hele school. De Inspectie krijgt wel wie er heeft deelgenomen, hoe de afname ging en de respons.`;

/** The refusal of a consent for a small school that was not confirmed. */
export const smallSchoolConfirmationRequired = (s: SmallSchool): ConsentError =>
  new ConsentError(
    422,
    'small_school_confirmation_required',
    `The export has ${s.respondents} respondent(s), fewer than ${s.minGroupSize}: no score is delivered, not even for the whole school (anonymity). Confirm that this is what you want delivered with "confirmSmallSchool": true.`,
    `${smallSchoolNl(s)} Bevestig dat dit geleverd mag worden.`,
    { field: 'confirmSmallSchool', respondents: s.respondents, minGroupSize: s.minGroupSize },
  );
