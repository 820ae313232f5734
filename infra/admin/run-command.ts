/** Executes a parsed admin command against a Store; returns the lines to print. */
import { generateToken, hashToken, tokenIdOf } from '../../shared/auth/tokens.js';
import type { Store } from '../../shared/ports.js';
import { type Command, USAGE } from './parse-args.js';

export class CommandError extends Error {}

/** What schedule commands work with: the scheduler endpoint of the local stack, or the deployed group. */
export interface ScheduleAccess {
  list(): Promise<Array<{ name: string; expression?: string; state?: string }>>;
  fire(name: string): Promise<unknown>;
}

export const runCommand = async (
  store: Store,
  command: Command,
  now = new Date(),
  schedules?: ScheduleAccess,
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
    case 'help':
      return [USAGE];
    case 'board create':
      await store.putBoard({
        boardId: command.boardId,
        name: command.name,
        emails: command.emails,
        createdAt: at,
      });
      return [`board ${command.boardId} saved`];
    case 'board list':
      return ['board list needs a scan of the table; use school list --board ID instead'];
    case 'school create': {
      if (!(await store.getBoard(command.boardId)))
        throw new CommandError(`board ${command.boardId} does not exist`);
      const { cmd, ...school } = command;
      await store.putSchool({ ...school, createdAt: at });
      return [`school ${command.schoolId} saved (board ${command.boardId})`];
    }
    case 'school list': {
      const schools = await store.listSchoolsOfBoard(command.boardId);
      return schools.map(
        (s) => `${s.schoolId}  ${s.sector}  ${s.onderwijssoorten.join(',') || '-'}  ${s.name}`,
      );
    }
    case 'token create': {
      for (const id of command.schoolIds) {
        if (!(await store.getSchool(id))) throw new CommandError(`school ${id} does not exist`);
      }
      if (command.boardId && !(await store.getBoard(command.boardId))) {
        throw new CommandError(`board ${command.boardId} does not exist`);
      }
      const token = generateToken(command.role);
      const tokenHash = hashToken(token);
      await store.putToken({
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
      const tokens = await store.listTokens();
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
        const match = (await store.listTokens()).find((t) => t.tokenId === command.tokenId);
        if (!match) throw new CommandError(`no token with id ${command.tokenId}`);
        hash = match.tokenHash;
      }
      if (!(await store.revokeToken(hash, at))) throw new CommandError('token not found or already revoked');
      return [`token ${tokenIdOf(hash)} revoked`];
    }
  }
};
