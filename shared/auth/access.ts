/**
 * Who may act for which school. Pure: the handler loads the school and asks. A caller outside its scope gets
 * the same answer whether the school exists or not, so a 403 reveals nothing about other schools.
 */
import type { Principal, School } from '../model.js';

/**
 * Decides access to a school for a principal.
 * - `allowed`: go on (the school exists);
 * - `forbidden`: outside the caller's scope, or unknown to a caller who could not know it exists;
 * - `not_found`: within the caller's scope by id, but not registered (only said to callers who named it legitimately).
 */
export const schoolAccess = (
  principal: Principal,
  schoolId: string,
  school: School | undefined,
): 'allowed' | 'forbidden' | 'not_found' => {
  switch (principal.role) {
    case 'admin':
      return school ? 'allowed' : 'not_found';
    case 'school':
    case 'vendor':
      if (!principal.schoolIds.includes(schoolId)) return 'forbidden';
      return school ? 'allowed' : 'not_found';
    case 'board':
      // A board's scope is defined by the school's own record, so an unknown school is simply not its school.
      return school && principal.boardId !== null && school.boardId === principal.boardId
        ? 'allowed'
        : 'forbidden';
  }
};

/** Board-level access: a board token for its own board, or an admin. */
export const boardAccess = (principal: Principal, boardId: string): boolean =>
  principal.role === 'admin' || (principal.role === 'board' && principal.boardId === boardId);
