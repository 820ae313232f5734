/**
 * A board's people and their roles: the list, a person's roles set (all at once), a person removed. Nobody
 * changes their own memberships (so nobody raises their own role), and the board keeps at least one
 * gebruikersbeheerder; the authorizer reads memberships per request, so a change holds from the next request.
 */
import type { Board } from '../model.js';
import { MembershipGoneError, type StillThere } from '../store/people.js';
import { boardMailRecipients } from './board-mail.js';
import { isOpen } from './invitation.js';
import type { Membership, MembershipRecord } from './membership.js';
import {
  logEntry,
  membershipOf,
  ownMembership,
  type PeopleActor,
  type PeopleDeps,
  personNotFound,
  problem,
} from './people-common.js';
import type { MembershipRequest } from './requests.js';

/** The board's people, each with their memberships here, and the invitations still open. */
export const listPeople = async (deps: PeopleDeps, board: Board) => {
  const [records, invitations, chosen, recipients, joinRequests] = await Promise.all([
    deps.store.people.ofBoard(board.boardId),
    deps.store.people.invitationsOf(board.boardId),
    deps.store.people.mailRecipients(board.boardId),
    boardMailRecipients(deps.store.people, board),
    deps.store.people.joinRequestsOf(board.boardId),
  ]);
  const bySub = new Map<string, { sub: string; email: string; name: string; memberships: Membership[] }>();
  for (const r of records) {
    const person = bySub.get(r.sub) ?? { sub: r.sub, email: r.email, name: r.name, memberships: [] };
    person.memberships.push(r.membership);
    bySub.set(r.sub, person);
  }
  const now = deps.clock.now();
  return {
    mailRecipients: { subs: chosen?.subs ?? [], emails: recipients.emails, fallback: recipients.fallback },
    joinRequests: joinRequests.map((r) => ({
      sub: r.sub,
      email: r.email,
      name: r.name,
      schoolId: r.schoolId,
      requestedAt: r.requestedAt,
    })),
    people: [...bySub.values()].sort((a, b) => a.name.localeCompare(b.name, 'nl')),
    invitations: invitations
      .filter((i) => isOpen(i, now))
      .map((i) => ({
        invitationId: i.invitationId,
        email: i.email,
        name: i.name,
        membership: i.membership,
        invitedByName: i.invitedByName,
        createdAt: i.createdAt,
        expiresAt: i.expiresAt,
      })),
  };
};

/** The person's memberships at this board (and its schools): none means not one of the board's people. */
const membershipsAtBoard = async (deps: PeopleDeps, board: Board, sub: string) => {
  const all = await deps.store.people.membershipsOf(sub);
  const here = all.filter((r) => r.membership.boardId === board.boardId);
  if (here.length === 0) throw personNotFound();
  return here;
};

const isAdministrator = (m: Membership) => m.scope === 'board' && m.role === 'gebruikersbeheerder';

/**
 * The board must keep a user administrator: refuses a change that would leave it none, and otherwise names the
 * remaining one the change relies on — the acting person when they are one — which the store checks still exists
 * when the change commits. Two gebruikersbeheerders removing each other at once: one of the two commits.
 */
const keepAnAdministrator = async (
  deps: PeopleDeps,
  board: Board,
  actor: PeopleActor,
  sub: string,
  before: readonly Membership[],
  after: readonly Membership[],
): Promise<StillThere | undefined> => {
  if (!before.some(isAdministrator) || after.some(isAdministrator)) return undefined;
  const others = (await deps.store.people.ofBoard(board.boardId)).filter(
    (r) => isAdministrator(r.membership) && r.sub !== sub,
  );
  const relied = others.find((r) => r.sub === actor.sub) ?? others[0];
  if (!relied) throw lastAdministrator();
  return { sub: relied.sub, membership: relied.membership };
};

const lastAdministrator = () =>
  problem(
    409,
    'last_administrator',
    'The board must keep at least one gebruikersbeheerder.',
    'Het bestuur moet minstens één gebruikersbeheerder houden.',
  );

/** The store's write, with the remaining administrator it relies on; its loss meanwhile is the same 409. */
const relying = async (write: () => Promise<void>): Promise<void> => {
  try {
    await write();
  } catch (err) {
    if (err instanceof MembershipGoneError) throw lastAdministrator();
    throw err;
  }
};

/** Sets all of a person's roles at the board and its schools: those listed hold, the others end. */
export const setMemberships = async (
  deps: PeopleDeps,
  input: { board: Board; actor: PeopleActor; sub: string; request: MembershipRequest },
) => {
  const { board, actor, sub, request } = input;
  if (sub === actor.sub) throw ownMembership();
  const here = await membershipsAtBoard(deps, board, sub);
  const after = (await Promise.all(request.memberships.map((m) => membershipOf(deps, board, m)))).map(
    (m) => m.membership,
  );
  const person = here[0] as MembershipRecord;
  const at = deps.clock.now().toISOString();
  const before = here.map((r) => r.membership);
  const stillThere = await keepAnAdministrator(deps, board, actor, sub, before, after);
  await relying(() =>
    deps.store.people.replace(
      sub,
      before,
      after.map((membership) => ({
        sub,
        email: person.email,
        name: person.name,
        membership,
        createdAt: at,
        createdBy: actor.id,
      })),
      logEntry(board, actor, at, 'membership_changed', { email: person.email, sub }, before, after),
      stillThere,
    ),
  );
  return { sub, memberships: after };
};

/** Removes a person from the board and all its schools; their next request is refused. */
export const removePerson = async (
  deps: PeopleDeps,
  input: { board: Board; actor: PeopleActor; sub: string },
): Promise<void> => {
  const { board, actor, sub } = input;
  if (sub === actor.sub) throw ownMembership();
  const here = await membershipsAtBoard(deps, board, sub);
  const person = here[0] as MembershipRecord;
  const before = here.map((r) => r.membership);
  const stillThere = await keepAnAdministrator(deps, board, actor, sub, before, []);
  const at = deps.clock.now().toISOString();
  await relying(() =>
    deps.store.people.remove(
      sub,
      before,
      logEntry(board, actor, at, 'person_removed', { email: person.email, sub }, before, []),
      stillThere,
    ),
  );
};
/**
 * Chooses who of the board's people receive its mails: people with a role at the board itself (a school's staff
 * get no board mail). An empty list goes back to the addresses the operator registered.
 */
export const setMailRecipients = async (
  deps: PeopleDeps,
  input: { board: Board; actor: PeopleActor; subs: readonly string[] },
) => {
  const { board, actor } = input;
  const subs = [...new Set(input.subs)];
  const boardPeople = new Set(
    (await deps.store.people.ofBoard(board.boardId))
      .filter((r) => r.membership.scope === 'board')
      .map((r) => r.sub),
  );
  const strangers = subs.filter((sub) => !boardPeople.has(sub));
  if (strangers.length > 0) {
    throw problem(
      422,
      'not_a_board_person',
      'Only people with a role at the board itself can receive its mails.',
      'Alleen mensen met een rol bij het bestuur zelf kunnen de mails van het bestuur ontvangen.',
      { field: 'subs', subs: strangers },
    );
  }
  const at = deps.clock.now().toISOString();
  await deps.store.people.setMailRecipients(
    { boardId: board.boardId, subs, updatedAt: at, updatedBy: actor.id },
    logEntry(board, actor, at, 'mail_recipients_changed', { email: '', sub: null }, [], []),
  );
  return boardMailRecipients(deps.store.people, board);
};
