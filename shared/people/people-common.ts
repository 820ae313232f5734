/**
 * What a board's people management shares: its ports, who acts, the membership a request names (its school
 * checked to be the board's), the people-log entry of a change, and the errors of people management.
 */

import { actorIdOf } from '../auth/access.js';
import type { Clock } from '../clock.js';
import { AppError } from '../errors.js';
import type { Board, Principal } from '../model.js';
import type { Mailer, ServiceLog, UserDirectory } from '../ports.js';
import type { BoardReads } from '../store/boards.js';
import type { PeopleStore } from '../store/people.js';
import type { SchoolReads } from '../store/schools.js';
import type { PeopleLogEntry } from './invitation.js';
import { BOARD_ROLES, type BoardRole, type Membership, type PersonRole } from './membership.js';

export interface PeopleDeps {
  store: { people: PeopleStore; schools: Pick<SchoolReads, 'get'>; boards: Pick<BoardReads, 'get'> };
  directory: UserDirectory;
  mailer: Mailer;
  clock: Clock;
  log: ServiceLog;
  /** The web app's address, for the invitation link. */
  appUrl: string | undefined;
}

/** Who acts: a user administrator (`person:{sub}`) or the operator's admin token. */
export interface PeopleActor {
  id: string;
  name: string;
  /** Null for the operator: they are nobody's membership. */
  sub: string | null;
  /** The person's own address (null for the operator): nobody invites themselves to a role. */
  email?: string | null;
}

/**
 * The actor of a people change: a person by name and address (as the people log and the invitation mail name
 * them), the operator's admin token as the operator.
 */
export const peopleActorOf = (p: Principal): PeopleActor =>
  p.role === 'person'
    ? { id: actorIdOf(p), name: `${p.name} (${p.email})`, sub: p.sub, email: p.email }
    : { id: actorIdOf(p), name: 'de beheerder van msv', sub: null };

export const problem = (status: number, code: string, en: string, nl: string, details: object = {}) =>
  new AppError(status, code, en, { messageNl: nl, ...details });

/** Whether two memberships hold the same place: one school (whatever the role), or one board role. */
export const sameScope = (a: Membership, b: Membership): boolean =>
  a.boardId === b.boardId &&
  (a.scope === 'school'
    ? b.scope === 'school' && a.schoolId === b.schoolId
    : b.scope === 'board' && a.role === b.role);

const isBoardRole = (role: string): role is BoardRole => (BOARD_ROLES as readonly string[]).includes(role);

/**
 * The membership a request names, after checking that its school is one of the board's, and the name of the
 * school or board it is of (as the invitation mail names it).
 */
export const membershipOf = async (
  deps: PeopleDeps,
  board: Board,
  request: { role: PersonRole; schoolId?: string },
): Promise<{ membership: Membership; placeName: string }> => {
  const { role, schoolId } = request;
  // The request schemas pair school roles with a school and board roles without one; checked again here.
  if (schoolId === undefined) {
    if (!isBoardRole(role)) throw new Error(`role ${role} needs a school`);
    return { membership: { scope: 'board', boardId: board.boardId, role }, placeName: board.name };
  }
  if (isBoardRole(role)) throw new Error(`role ${role} is a board role`);
  const school = await deps.store.schools.get(schoolId);
  // A school of another board answers like one that does not exist.
  if (!school || school.boardId !== board.boardId) {
    throw problem(
      422,
      'unknown_school',
      `School ${schoolId} is not a school of this board.`,
      `School ${schoolId} hoort niet bij dit bestuur.`,
      { field: 'schoolId' },
    );
  }
  return {
    membership: { scope: 'school', boardId: board.boardId, schoolId: school.schoolId, role },
    placeName: school.name,
  };
};

export const logEntry = (
  board: Board,
  actor: PeopleActor,
  at: string,
  action: PeopleLogEntry['action'],
  subject: PeopleLogEntry['subject'],
  before: readonly Membership[],
  after: readonly Membership[],
): PeopleLogEntry => ({
  boardId: board.boardId,
  at,
  actor: actor.id,
  actorName: actor.name,
  action,
  subject,
  before: [...before],
  after: [...after],
});

export const ownMembership = () =>
  problem(
    403,
    'own_membership',
    'Nobody changes their own memberships; ask another gebruikersbeheerder.',
    'U kunt uw eigen rol niet wijzigen; vraag een andere gebruikersbeheerder.',
  );
export const invitationNotFound = () =>
  problem(
    404,
    'invitation_not_found',
    'There is no such invitation.',
    'Deze uitnodiging bestaat niet (meer).',
  );
export const personNotFound = () =>
  problem(
    404,
    'person_not_found',
    'This person has no role at this board.',
    'Deze persoon heeft geen rol bij dit bestuur.',
  );
export const invitationUsed = () =>
  problem(
    409,
    'invitation_used',
    'This invitation has been used already.',
    'Deze uitnodiging is al gebruikt.',
  );
