/**
 * Join requests: a person who signed in through their school's federation (Entree, SURFconext: the BRIN in
 * `custom:homeOrg`, trusted only from a federated sign-in) but has no role at that school asks its board for
 * one; the board's gebruikersbeheerders approve it with a school role, or refuse it. Both sides get a mail.
 */
import { sendWithRetry } from '../mail/send-with-retry.js';
import type { Board, PersonPrincipal, School } from '../model.js';
import type { Mail } from '../ports.js';
import { JoinRequestGoneError } from '../store/people.js';
import type { SchoolReads } from '../store/schools.js';
import { boardMailRecipients } from './board-mail.js';
import type { JoinRequest } from './invitation.js';
import { joinDecidedMail, joinRequestedMail } from './join-mail.js';
import { type MembershipRecord, type SchoolRole, seesSchool } from './membership.js';
import {
  logEntry,
  ownMembership,
  type PeopleActor,
  type PeopleDeps,
  peopleActorOf,
  problem,
} from './people-common.js';

/**
 * The registered school a home organisation names: the school id itself (a BRIN with its vestiging, `11ZZ03`),
 * or for a bare BRIN (`11ZZ`) the school registered under it or under its main vestiging (`11ZZ00`).
 */
export const schoolOfHomeOrg = async (
  schools: Pick<SchoolReads, 'get'>,
  homeOrg: string | undefined,
): Promise<School | undefined> => {
  if (!homeOrg || !/^[0-9]{2}[A-Z]{2}([0-9]{2})?$/.test(homeOrg)) return undefined;
  return (
    (await schools.get(homeOrg)) ?? (homeOrg.length === 4 ? await schools.get(`${homeOrg}00`) : undefined)
  );
};

const noHomeSchool = () =>
  problem(
    404,
    'no_home_school',
    'Your sign-in names no school registered with msv.',
    'Uw inlog noemt geen school die bij msv bekend is. Vraag uw schoolleider om een uitnodiging.',
  );

const send = (deps: PeopleDeps, mail: Mail, what: string, boardId: string) =>
  sendWithRetry(deps.mailer, mail, deps.log, { what, boardId });

/** Asks the board of the person's home school for a role there; asking again while open changes nothing. */
export const requestToJoin = async (deps: PeopleDeps, input: { person: PersonPrincipal }) => {
  const { person } = input;
  const school = await schoolOfHomeOrg(deps.store.schools, person.homeOrg);
  if (!school) throw noHomeSchool();
  if (seesSchool(person.memberships, school)) {
    throw problem(
      409,
      'already_member',
      'You have a role at this school already.',
      'U heeft al een rol bij deze school.',
    );
  }
  const board = await deps.store.boards.get(school.boardId);
  if (!board) throw noHomeSchool();
  const open = await deps.store.people.joinRequest(person.sub, board.boardId);
  if (open?.schoolId === school.schoolId) {
    return {
      created: false,
      request: open,
      schoolName: school.name,
      boardName: board.name,
      mail: 'sent' as const,
    };
  }
  const request: JoinRequest = {
    sub: person.sub,
    email: person.email,
    name: person.name,
    boardId: board.boardId,
    schoolId: school.schoolId,
    requestedAt: deps.clock.now().toISOString(),
  };
  const actor = peopleActorOf(person);
  await deps.store.people.requestToJoin(
    request,
    logEntry(
      board,
      actor,
      request.requestedAt,
      'join_requested',
      { email: person.email, sub: person.sub },
      [],
      [],
    ),
  );
  const to = (await boardMailRecipients(deps.store.people, board)).emails;
  const mail = await send(
    deps,
    joinRequestedMail({ request, school, board, to, appUrl: deps.appUrl }),
    'join request mail',
    board.boardId,
  );
  return { created: true, request, schoolName: school.name, boardName: board.name, mail };
};

/** Approves a board's open join request with a role at the requested school, or refuses it. */
export const decideJoin = async (
  deps: PeopleDeps,
  input: {
    board: Board;
    actor: PeopleActor;
    sub: string;
    decision: { approve: SchoolRole } | { refuse: true };
  },
) => {
  const { board, actor, sub, decision } = input;
  if (sub === actor.sub) throw ownMembership();
  const request = await deps.store.people.joinRequest(sub, board.boardId);
  const gone = () =>
    problem(
      404,
      'join_request_not_found',
      'There is no open request of this person.',
      'Er is geen open verzoek van deze persoon.',
    );
  if (!request) throw gone();
  const school = await deps.store.schools.get(request.schoolId);
  const at = deps.clock.now().toISOString();
  const approved: MembershipRecord | null =
    'approve' in decision && school && school.boardId === board.boardId
      ? {
          sub,
          email: request.email,
          name: request.name,
          membership: {
            scope: 'school',
            boardId: board.boardId,
            schoolId: school.schoolId,
            role: decision.approve,
          },
          createdAt: at,
          createdBy: actor.id,
        }
      : null;
  // A school that moved to another board meanwhile can only be refused here.
  if ('approve' in decision && !approved) throw gone();
  try {
    await deps.store.people.decideJoin(
      request,
      approved,
      logEntry(
        board,
        actor,
        at,
        approved ? 'join_approved' : 'join_refused',
        { email: request.email, sub },
        [],
        approved ? [approved.membership] : [],
      ),
    );
  } catch (err) {
    if (err instanceof JoinRequestGoneError) throw gone();
    throw err;
  }
  const mail = await send(
    deps,
    joinDecidedMail({
      request,
      schoolName: school?.name ?? request.schoolId,
      board,
      role: approved?.membership.role ?? null,
      appUrl: deps.appUrl,
    }),
    'join decision mail',
    board.boardId,
  );
  return { sub, approved: approved !== null, membership: approved?.membership ?? null, mail };
};
