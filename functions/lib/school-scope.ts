/**
 * Resolves `{schoolId}/{schoolYear}` path parameters to a school the caller may act for, or throws the error
 * that reveals nothing: 400 for a malformed id or a school year outside the duty's years, 403 for anything
 * outside the caller's scope.
 */
import '../../shared/zod-locale.js';
import * as z from 'zod/mini';
import { schoolAccess } from '../../shared/auth/access.js';
import type { Clock } from '../../shared/clock.js';
import { AppError, badRequest, forbidden } from '../../shared/errors.js';
import {
  isSchoolYearInBounds,
  schoolIdSchema,
  schoolYearBounds,
  schoolYearSchema,
} from '../../shared/ids.js';
import type { Principal, School } from '../../shared/model.js';
import type { SchoolReads } from '../../shared/store/schools.js';
import { type ApiEvent, parsePath, principalOf } from './http.js';

const schoolYearPath = z.object({ schoolId: schoolIdSchema, schoolYear: schoolYearSchema });

export interface SchoolScope {
  principal: Principal;
  school: School;
  schoolYear: string;
}

/**
 * 400 `invalid_school_year` for a well-formed school year before the duty began (2015-2016) or after next
 * school year, by the service's clock: the same for every caller, so it reveals nothing about any school.
 */
export const assertSchoolYearInBounds = (schoolYear: string, now: Date): void => {
  if (isSchoolYearInBounds(schoolYear, now)) return;
  const { first, last } = schoolYearBounds(now);
  throw badRequest(
    'invalid_school_year',
    `School year ${schoolYear} is outside the years msv serves: ${first} (the first year of the duty) to ${last} (next school year).`,
    {
      messageNl: `Schooljaar ${schoolYear} kan niet: kies een schooljaar van ${first} (het eerste jaar van de monitoringsplicht) tot en met ${last} (volgend schooljaar).`,
      field: 'schoolYear',
      first,
      last,
    },
  );
};

export const resolveSchoolYear = async (
  event: ApiEvent,
  deps: { store: { schools: Pick<SchoolReads, 'get'> }; clock: Clock },
): Promise<SchoolScope> => {
  const principal = principalOf(event);
  const { schoolId, schoolYear } = parsePath(event, schoolYearPath);
  assertSchoolYearInBounds(schoolYear, deps.clock.now());
  const school = await deps.store.schools.get(schoolId);
  switch (schoolAccess(principal, schoolId, school)) {
    case 'forbidden':
      throw forbidden();
    case 'not_found':
      throw new AppError(404, 'school_not_found', `School ${schoolId} is not registered with msv`);
    case 'allowed':
      return { principal, school: school as School, schoolYear };
  }
};

const schoolPath = z.object({ schoolId: schoolIdSchema });

/**
 * Resolves a `{schoolId}` path without a school year (what is the school's whatever the year, such as its
 * policy) with the same answers as {@link resolveSchoolYear}: 400 for a malformed id, 403 outside the caller's
 * scope (whether the school exists or not), 404 only for a school in scope by id that is not registered.
 */
export const resolveSchool = async (
  event: ApiEvent,
  deps: { store: { schools: Pick<SchoolReads, 'get'> } },
): Promise<Omit<SchoolScope, 'schoolYear'>> => {
  const principal = principalOf(event);
  const { schoolId } = parsePath(event, schoolPath);
  const school = await deps.store.schools.get(schoolId);
  switch (schoolAccess(principal, schoolId, school)) {
    case 'forbidden':
      throw forbidden();
    case 'not_found':
      throw new AppError(404, 'school_not_found', `School ${schoolId} is not registered with msv`);
    case 'allowed':
      return { principal, school: school as School };
  }
};

/** Who acted, as stored with a consent, an export and in the audit trail (shared/auth/access.ts). */
export { actorIdOf as actorOf } from '../../shared/auth/access.js';
