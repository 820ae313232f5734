/** Executes a parsed admin command against the stores; returns the lines to print. */
import { generateToken, hashToken, tokenIdOf } from '../../shared/auth/tokens.js';
import { AppError } from '../../shared/errors.js';
import type { Board } from '../../shared/model.js';
import { invitePerson, withdrawInvitation } from '../../shared/people/invitation-service.js';
import type { Membership } from '../../shared/people/membership.js';
import type { PeopleActor, PeopleDeps } from '../../shared/people/people-common.js';
import { listPeople, removePerson } from '../../shared/people/people-service.js';
import type { ReminderRun } from '../../shared/reminders/run-reminders.js';
import type { Stores } from '../../shared/store/stores.js';
import { TokenNotRevocableError } from '../../shared/store/tokens.js';
import { runInstrumentCommand } from './instrument-commands.js';
import { type Command, USAGE } from './parse-args.js';
import { runWindowCommand } from './window-commands.js';

export class CommandError extends Error {}

/** What schedule commands work with: the scheduler endpoint of the local stack, or the deployed group. */
export interface ScheduleAccess {
  list(): Promise<Array<{ name: string; expression?: string; state?: string }>>;
  fire(name: string): Promise<unknown>;
}

/** Queues a date's undelivered consents again (the CLI wires the target's store and delivery queue into it). */
export interface DeliveryAccess {
  redispatch(date: string): Promise<{ due: boolean; schools: number }>;
}

/** Runs the reminder job for a day (the CLI wires the target's store, SES and config into it). */
export interface ReminderAccess {
  run(date?: string): Promise<ReminderRun>;
}

/**
 * What the people commands work with besides the stores: the target's user pool, its SES, the clock and the web
 * app's address for the invitation link (the CLI wires them in when a people command runs).
 */
export interface PeopleAccess {
  services(): Omit<PeopleDeps, 'store'>;
}

/** What the commands other than those on the stores reach; each is given only by a caller that has it. */
export interface CommandAccess {
  schedules?: ScheduleAccess;
  reminders?: ReminderAccess;
  deliveries?: DeliveryAccess;
  people?: PeopleAccess;
}

/** The operator as the people log and the invitation mail name them: nobody's membership, so no `sub`. */
export const OPERATOR: PeopleActor = { id: 'operator', name: 'de beheerder van msv', sub: null };

/** The domain's answers that say an argument names nothing there: bad arguments (exit 2), as an unknown board. */
const NAMES_NOTHING = new Set(['unknown_school', 'person_not_found', 'invitation_not_found']);

/** Runs a people operation; a refusal keeps the API's English message, a wrong name becomes a bad argument. */
const asOperator = async <T>(op: () => Promise<T>): Promise<T> => {
  try {
    return await op();
  } catch (err) {
    if (err instanceof AppError && NAMES_NOTHING.has(err.code)) throw new CommandError(err.message);
    throw err;
  }
};

const roleAt = (m: Membership): string =>
  m.scope === 'school' ? `${m.role} of school ${m.schoolId}` : `${m.role} of board ${m.boardId}`;

/** One line per board of a reminder run, and a summary first. */
export const reminderLines = (run: ReminderRun): string[] => [
  `reminders ${run.date} (${run.schoolYear}): ${run.kind === 'none' ? (run.boards.length > 0 ? 'herstel digests only' : 'not a reminder day') : run.kind}, ${run.boards.filter((b) => b.outcome === 'sent').length} mail(s) sent`,
  ...run.boards.map(
    (b) =>
      `${b.boardId}  ${b.herstel ? `herstel ${b.herstel}  ` : ''}${b.outcome}${b.schools > 0 ? `  ${b.schools} school(s)` : ''}`,
  ),
];

export const runCommand = async (
  store: Pick<Stores, 'tokens' | 'boards' | 'schools' | 'people' | 'windows' | 'instruments'>,
  command: Command,
  now = new Date(),
  access: CommandAccess = {},
): Promise<string[]> => {
  const { schedules, reminders, deliveries } = access;
  const at = now.toISOString();
  const boardOf = async (boardId: string): Promise<Board> => {
    const board = await store.boards.get(boardId);
    if (!board) throw new CommandError(`board ${boardId} does not exist`);
    return board;
  };
  const people = (): PeopleDeps => {
    if (!access.people) throw new CommandError('people commands need the target’s user pool and mail');
    return { store, ...access.people.services() };
  };
  switch (command.cmd) {
    case 'people invite': {
      const board = await boardOf(command.boardId);
      const deps = people();
      const out = await asOperator(() =>
        invitePerson(deps, { board, actor: OPERATOR, request: command.request }),
      );
      const { invitationId, email, membership, expiresAt } = out.invitation;
      if (out.mail !== 'sent') {
        // The link is in the mail only: without it the invitation cannot be accepted, and it blocks a new one.
        throw new Error(
          `invitation ${invitationId} for ${email} is stored, but its mail did not go out; withdraw it with ` +
            `people withdraw --board ${board.boardId} --invitation ${invitationId} and invite again`,
        );
      }
      return [
        `invitation ${invitationId} for ${email} (${roleAt(membership)}) until ${expiresAt}: mail sent to ${email}`,
        'The link is in that mail only (it works once, for that address); msv keeps only its hash.',
      ];
    }
    case 'people list': {
      const board = await boardOf(command.boardId);
      const list = await listPeople(people(), board);
      const mail = list.mailRecipients;
      return [
        `board ${board.boardId} ${board.name}: ${list.people.length} person(s), ${list.invitations.length} open invitation(s), ${list.joinRequests.length} join request(s)`,
        `board mail to ${mail.emails.join(',')} (${mail.fallback ? 'the addresses of board create/update' : 'chosen by the board'})`,
        ...list.people.map((p) => `${p.sub}  ${p.email}  ${p.name}  ${p.memberships.map(roleAt).join(', ')}`),
        ...list.invitations.map(
          (i) =>
            `invitation ${i.invitationId}  ${i.email}  ${i.name}  ${roleAt(i.membership)}  until ${i.expiresAt}  by ${i.invitedByName}`,
        ),
        ...list.joinRequests.map(
          (r) => `join request ${r.sub}  ${r.email}  ${r.name}  school ${r.schoolId}  since ${r.requestedAt}`,
        ),
      ];
    }
    case 'people remove': {
      const board = await boardOf(command.boardId);
      const deps = people();
      const records = await store.people.ofBoard(board.boardId);
      let sub = command.sub;
      if (command.email !== undefined) {
        const subs = [
          ...new Set(records.filter((r) => r.email.toLowerCase() === command.email).map((r) => r.sub)),
        ];
        if (subs.length === 0)
          throw new CommandError(`${command.email} has no role at board ${board.boardId}`);
        if (subs.length > 1)
          throw new CommandError(`${subs.length} people have ${command.email} at this board: use --sub`);
        sub = subs[0];
      }
      const ended = records.filter((r) => r.sub === sub).map((r) => roleAt(r.membership));
      await asOperator(() => removePerson(deps, { board, actor: OPERATOR, sub: sub as string }));
      return [`${command.email ?? sub} removed from board ${board.boardId}: ${ended.join(', ')} ended`];
    }
    case 'people withdraw': {
      const board = await boardOf(command.boardId);
      const deps = people();
      await asOperator(() =>
        withdrawInvitation(deps, { board, actor: OPERATOR, invitationId: command.invitationId }),
      );
      return [`invitation ${command.invitationId} withdrawn`];
    }
    case 'schedules list': {
      const list = await (schedules as ScheduleAccess).list();
      return list.length === 0
        ? ['no schedules']
        : list.map((s) => `${s.name}  ${s.expression ?? ''}  ${s.state ?? ''}`.trim());
    }
    case 'schedules fire': {
      const result = await (schedules as ScheduleAccess).fire(command.name);
      return [`${command.name} fired: ${JSON.stringify(result)}`];
    }
    case 'deliveries redispatch': {
      const out = await (deliveries as DeliveryAccess).redispatch(command.date);
      if (!out.due)
        throw new CommandError(`the delivery time of ${command.date} has not come yet; nothing queued`);
      return [`${command.date}: ${out.schools} undelivered consent(s) queued again`];
    }
    case 'window open':
    case 'window close':
    case 'window list':
      return runWindowCommand(store, command, now);
    case 'instrument put':
    case 'instrument list':
    case 'instrument show':
      return runInstrumentCommand(store, command, now);
    case 'help':
      return [USAGE];
    case 'board create':
      await store.boards.put({
        boardId: command.boardId,
        name: command.name,
        emails: command.emails,
        createdAt: at,
      });
      return [`board ${command.boardId} saved`];
    case 'board list': {
      const boards = await store.boards.list();
      return boards.length === 0
        ? ['no boards']
        : boards.map(
            (b) => `${b.boardId}  reminders ${b.reminders ? 'on ' : 'off'}  ${b.emails.join(',')}  ${b.name}`,
          );
    }
    case 'board update': {
      const board = await store.boards.get(command.boardId);
      if (!board) throw new CommandError(`board ${command.boardId} does not exist`);
      const { cmd, boardId, ...changes } = command;
      const updated = { ...board, ...changes };
      await store.boards.put(updated);
      return [
        `board ${boardId} saved: reminders ${updated.reminders ? 'on' : 'off'}, ${updated.emails.join(',')}, ${updated.name}`,
      ];
    }
    case 'reminders run':
      return reminderLines(await (reminders as ReminderAccess).run(command.date));
    case 'upload':
      throw new CommandError('upload runs in the CLI process itself (infra/admin/bulk-upload)');
    case 'school create': {
      if (!(await store.boards.get(command.boardId)))
        throw new CommandError(`board ${command.boardId} does not exist`);
      const { cmd, ...school } = command;
      await store.schools.put({ ...school, createdAt: at });
      return [`school ${command.schoolId} saved (board ${command.boardId})`];
    }
    case 'school list': {
      const schools = await store.schools.listOfBoard(command.boardId);
      return schools.map(
        (s) => `${s.schoolId}  ${s.sector}  ${s.onderwijssoorten.join(',') || '-'}  ${s.name}`,
      );
    }
    case 'token create': {
      for (const id of command.schoolIds) {
        if (!(await store.schools.get(id))) throw new CommandError(`school ${id} does not exist`);
      }
      if (command.boardId && !(await store.boards.get(command.boardId))) {
        throw new CommandError(`board ${command.boardId} does not exist`);
      }
      const token = generateToken(command.role);
      const tokenHash = hashToken(token);
      await store.tokens.put({
        tokenHash,
        tokenId: tokenIdOf(tokenHash),
        role: command.role,
        schoolIds: command.schoolIds,
        boardId: command.boardId,
        label: command.label,
        createdAt: at,
        revokedAt: null,
      });
      return [
        `token ${tokenIdOf(tokenHash)} (${command.role}) created. It is shown only this once; msv keeps only its hash:`,
        token,
      ];
    }
    case 'token list': {
      const tokens = await store.tokens.list();
      return tokens.map((t) => {
        const scope =
          t.role === 'board'
            ? `board ${t.boardId}`
            : t.role === 'admin'
              ? 'all schools'
              : t.schoolIds.join(',');
        return `${t.tokenId}  ${t.role.padEnd(6)}  ${scope}  created ${t.createdAt}${t.revokedAt ? `  REVOKED ${t.revokedAt}` : ''}  ${t.label}`;
      });
    }
    case 'token revoke': {
      let hash = command.token ? hashToken(command.token) : undefined;
      if (!hash) {
        const match = (await store.tokens.list()).find((t) => t.tokenId === command.tokenId);
        if (!match) throw new CommandError(`no token with id ${command.tokenId}`);
        hash = match.tokenHash;
      }
      try {
        await store.tokens.revoke(hash, at);
      } catch (err) {
        if (err instanceof TokenNotRevocableError)
          throw new CommandError('token not found or already revoked');
        throw err;
      }
      return [`token ${tokenIdOf(hash)} revoked`];
    }
  }
};
