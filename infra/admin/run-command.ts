/** Executes a parsed admin command against the stores; returns the lines to print. */
import { generateToken, hashToken, tokenIdOf } from '../../shared/auth/tokens.js';
import type { ReminderRun } from '../../shared/reminders/run-reminders.js';
import type { Stores } from '../../shared/store/stores.js';
import { TokenNotRevocableError } from '../../shared/store/tokens.js';
import { type Command, USAGE } from './parse-args.js';

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

/** One line per board of a reminder run, and a summary first. */
export const reminderLines = (run: ReminderRun): string[] => [
  `reminders ${run.date} (${run.schoolYear}): ${run.kind === 'none' ? 'not a reminder day' : run.kind}, ${run.boards.filter((b) => b.outcome === 'sent').length} mail(s) sent`,
  ...run.boards.map((b) => `${b.boardId}  ${b.outcome}${b.schools > 0 ? `  ${b.schools} school(s)` : ''}`),
];

export const runCommand = async (
  store: Pick<Stores, 'tokens' | 'boards' | 'schools'>,
  command: Command,
  now = new Date(),
  schedules?: ScheduleAccess,
  reminders?: ReminderAccess,
  deliveries?: DeliveryAccess,
): Promise<string[]> => {
  const at = now.toISOString();
  switch (command.cmd) {
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
