/**
 * Resolves `{schoolId}/{schoolYear}` path parameters to a school the caller may act for, or throws the error
 * that reveals nothing: 400 for a malformed id, 403 for anything outside the caller's scope.
 */
import * as z from 'zod';
import { schoolAccess } from '../../shared/auth/access.js';
import { AppError, forbidden } from '../../shared/errors.js';
import { schoolIdSchema, schoolYearSchema } from '../../shared/ids.js';
import type { Principal, School } from '../../shared/model.js';
import type { Store } from '../../shared/ports.js';
import { type ApiEvent, parsePath, principalOf } from './http.js';

const schoolYearPath = z.object({ schoolId: schoolIdSchema, schoolYear: schoolYearSchema });

export interface SchoolScope {
  principal: Principal;
  school: School;
  schoolYear: string;
}

export const resolveSchoolYear = async (
  event: ApiEvent,
  store: Pick<Store, 'getSchool'>,
): Promise<SchoolScope> => {
  const principal = principalOf(event);
  const { schoolId, schoolYear } = parsePath(event, schoolYearPath);
  const school = await store.getSchool(schoolId);
  switch (schoolAccess(principal, schoolId, school)) {
    case 'forbidden':
      throw forbidden();
    case 'not_found':
      throw new AppError(404, 'school_not_found', `School ${schoolId} is not registered with msv`);
    case 'allowed':
      return { principal, school: school as School, schoolYear };
  }
};

export const actorOf = (p: Principal): string => `${p.role}:${p.tokenId}`;
