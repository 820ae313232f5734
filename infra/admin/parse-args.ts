/**
 * Pure argument parsing of the admin CLI: argv in, a command object or a usage error out. Nothing here touches
 * a table, so every bad argument can be tested without one.
 */
import { parseArgs } from 'node:util';
import '../../shared/zod-locale.js';
import * as z from 'zod/mini';
import {
  boardIdSchema,
  onderwijssoortSchema,
  schoolIdSchema,
  schoolYearSchema,
  sectorSchema,
} from '../../shared/ids.js';
import { roleSchema } from '../../shared/model.js';
import { BOARD_ROLES, SCHOOL_ROLES } from '../../shared/people/membership.js';
import { type InvitationRequest, invitationRequestSchema } from '../../shared/people/requests.js';
import { isIsoDate } from '../../shared/time/amsterdam.js';
import { SHEET_NAME_MAX } from '../../shared/xlsx/limits.js';
import { INSTRUMENT_USAGE, type InstrumentCommand, parseInstrumentCommand } from './instrument-args.js';
import { parseWindowCommand, WINDOW_USAGE, type WindowCommand } from './window-args.js';

export class UsageError extends Error {
  override name = 'UsageError';
}

export const USAGE = `usage: npm run admin -- <command> [options] [--target local|aws] [--outputs cdk-outputs.json]

  board create --id 41234 --name "Stichting …" --email a@b.nl [--email …]
  board list
  board update --id 41234 [--reminders on|off] [--name "…"] [--email a@b.nl …]   (--email replaces the list)
  school create --id 22KC00 --board 41234 --name "…" --sector po|so|vo|vso [--onderwijssoorten havo,vwo]
  school list --board 41234
  token create --role school|board|vendor|admin [--school ID …] [--board ID] [--label "…"]
  token list
  token revoke --id <tokenId> | --token <token>
  schedules list
  schedules fire msv-delivery-YYYY-MM-DD     (local stack only: fires it now, as the Scheduler would)
  deliveries redispatch --date YYYY-MM-DD    (queues again every undelivered consent of that date, once its
                                              delivery time has passed; delivered schools are not touched)
  reminders run [--date YYYY-MM-DD]          (the daily reminder run for that day at reminderTime; default
                                              MSV_NOW or now; mails through the target's SES)
  people invite --board 41234 --email a@b.nl --name "…" [--role gebruikersbeheerder] [--school 22KC00]
                                             (invites a person by email; default role gebruikersbeheerder, the
                                              board's first; schoolleider and medewerker need --school; the
                                              mail through the target's SES carries the link, shown nowhere else)
  people list --board 41234                  (the board's people with their roles, the open invitations and
                                              join requests, and where the board's mail goes)
  people remove --board 41234 --sub <sub> | --email a@b.nl
                                             (ends every role of the person at the board and its schools)
  people withdraw --board 41234 --invitation <invitationId>
                                             (withdraws an open invitation, e.g. one whose mail did not go out)
  upload --dir DIR --year YYYY-YYYY --instrument ID [--api URL] [--token T, or MSV_TOKEN] [--concurrency 4]
                                             (every {schoolId}.csv in DIR through the API; local defaults:
                                              apiUrl and the demo vendor token from .local/stack.json)
  upload --file FILE --year YYYY-YYYY --instrument ID [--sheet NAME] [--api URL] [--token T, or MSV_TOKEN]
                                             (one CSV or .xlsx file for several schools, with a BRIN column,
                                              through POST /exports; the same defaults; exit 0 only when every
                                              school's part was accepted)
${WINDOW_USAGE}
${INSTRUMENT_USAGE}

Targets: local (default; endpoints from .local/stack.json) or aws (credentials from the environment; table and
bucket from MSV_TABLE_NAME / MSV_UPLOAD_BUCKET or the stack outputs file).`;

export type Target = { kind: 'local' } | { kind: 'aws'; outputs?: string };

export type Command =
  | { cmd: 'help' }
  | { cmd: 'board create'; boardId: string; name: string; emails: string[] }
  | { cmd: 'board list' }
  | { cmd: 'board update'; boardId: string; reminders?: boolean; name?: string; emails?: string[] }
  | {
      cmd: 'school create';
      schoolId: string;
      boardId: string;
      name: string;
      sector: z.infer<typeof sectorSchema>;
      onderwijssoorten: Array<z.infer<typeof onderwijssoortSchema>>;
    }
  | { cmd: 'school list'; boardId: string }
  | {
      cmd: 'token create';
      role: z.infer<typeof roleSchema>;
      schoolIds: string[];
      boardId: string | null;
      label: string;
    }
  | { cmd: 'token list' }
  | { cmd: 'token revoke'; tokenId?: string; token?: string }
  | { cmd: 'schedules list' }
  | { cmd: 'schedules fire'; name: string }
  | { cmd: 'deliveries redispatch'; date: string }
  | { cmd: 'reminders run'; date?: string }
  | { cmd: 'people invite'; boardId: string; request: InvitationRequest }
  | { cmd: 'people list'; boardId: string }
  | { cmd: 'people remove'; boardId: string; sub?: string; email?: string }
  | { cmd: 'people withdraw'; boardId: string; invitationId: string }
  | WindowCommand
  | InstrumentCommand
  | UploadCommand;

/** `upload`: a folder of `{schoolId}.csv` files (`dir`), or one file for several schools (`file`). */
type UploadCommand = {
  cmd: 'upload';
  schoolYear: string;
  instrument: string;
  api?: string;
  token?: string;
} & ({ dir: string; concurrency: number } | { file: string; sheet?: string });

const OPTIONS = {
  id: { type: 'string' },
  name: { type: 'string' },
  email: { type: 'string', multiple: true },
  board: { type: 'string' },
  sector: { type: 'string' },
  onderwijssoorten: { type: 'string' },
  role: { type: 'string' },
  school: { type: 'string', multiple: true },
  label: { type: 'string' },
  token: { type: 'string' },
  reminders: { type: 'string' },
  date: { type: 'string' },
  dir: { type: 'string' },
  year: { type: 'string' },
  instrument: { type: 'string' },
  api: { type: 'string' },
  concurrency: { type: 'string' },
  sub: { type: 'string' },
  invitation: { type: 'string' },
  until: { type: 'string' },
  note: { type: 'string' },
  file: { type: 'string' },
  sheet: { type: 'string' },
  version: { type: 'string' },
  target: { type: 'string' },
  outputs: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const nameOption = z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(200));
const emailsOption = z.array(z.email({ message: 'must be an email address' })).check(z.minLength(1));
const dateOption = z.string().check(z.refine(isIsoDate, 'must be a date written as YYYY-MM-DD'));

/** Parses one option with a zod schema; the usage error names the option. */
const field = <S extends z.ZodMiniType>(option: string, schema: S, value: unknown): z.infer<S> => {
  if (value === undefined) throw new UsageError(`--${option} is required`);
  const parsed = schema.safeParse(value);
  if (!parsed.success)
    throw new UsageError(`--${option}: ${parsed.error.issues[0]?.message ?? 'invalid value'}`);
  return parsed.data;
};

/** The one value of an option that may be given more than once for other commands (`--email`, `--school`). */
const single = (option: string, values: string[] | undefined): string | undefined => {
  if (values && values.length > 1) throw new UsageError(`--${option} is given more than once`);
  return values?.[0];
};

/** The options of `people invite` by the fields of the API's invitation request they fill. */
const INVITE_OPTIONS: Record<string, string> = {
  email: 'email',
  name: 'name',
  role: 'role',
  schoolId: 'school',
};

/**
 * `people invite`: the API's own invitation request schema (the same address normalising and the same rule that
 * a school role names a school and a board role none), its first problem named by option.
 */
const invitationRequest = (v: {
  email?: string[];
  name?: string;
  role?: string;
  school?: string[];
}): InvitationRequest => {
  const email = field(
    'email',
    z.email({ message: 'must be an email address' }),
    single('email', v.email)?.trim(),
  );
  const name = field('name', nameOption, v.name);
  const school = single('school', v.school);
  const schoolId = school === undefined ? undefined : field('school', schoolIdSchema, school);
  const role = v.role ?? 'gebruikersbeheerder';
  if (!([...SCHOOL_ROLES, ...BOARD_ROLES] as readonly string[]).includes(role)) {
    throw new UsageError(`--role must be one of ${[...BOARD_ROLES, ...SCHOOL_ROLES].join(', ')}`);
  }
  if ((SCHOOL_ROLES as readonly string[]).includes(role) && schoolId === undefined) {
    throw new UsageError(`--school is required for role ${role}`);
  }
  if ((BOARD_ROLES as readonly string[]).includes(role) && schoolId !== undefined) {
    throw new UsageError(`--school is not for role ${role}, a board role`);
  }
  // What the API checks of the same request, once more (the checks above name the option first).
  const parsed = invitationRequestSchema.safeParse({
    email,
    name,
    role,
    ...(schoolId === undefined ? {} : { schoolId }),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(`--${INVITE_OPTIONS[String(issue?.path[0])] ?? 'email'}: ${issue?.message}`);
  }
  return parsed.data;
};

export const parseCommand = (argv: string[]): { command: Command; target: Target } => {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true; strict: true }>>;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message.split('\n')[0] ?? 'bad arguments');
  }
  const { values: v, positionals } = parsed;
  const targetName = v.target ?? process.env.MSV_TARGET ?? 'local';
  if (targetName !== 'local' && targetName !== 'aws') throw new UsageError('--target must be local or aws');
  const target: Target = targetName === 'aws' ? { kind: 'aws', outputs: v.outputs } : { kind: 'local' };
  if (v.help || positionals.length === 0) return { command: { cmd: 'help' }, target };
  const name = positionals.slice(0, 2).join(' ');
  if (name === 'schedules fire') {
    const schedule = positionals[2];
    if (!schedule || !/^msv-delivery-\d{4}-\d{2}-\d{2}$/.test(schedule)) {
      throw new UsageError('schedules fire needs a schedule name such as msv-delivery-2026-06-15');
    }
    if (target.kind !== 'local') throw new UsageError('schedules fire works on the local stack only');
    return { target, command: { cmd: 'schedules fire', name: schedule } };
  }
  if (positionals.length > 2) throw new UsageError(`unexpected argument "${positionals[2]}"`);

  switch (name) {
    case 'board create':
      return {
        target,
        command: {
          cmd: name,
          boardId: field('id', boardIdSchema, v.id),
          name: field('name', nameOption, v.name),
          emails: field('email', emailsOption, v.email),
        },
      };
    case 'board update': {
      const command: Extract<Command, { cmd: 'board update' }> = {
        cmd: name,
        boardId: field('id', boardIdSchema, v.id),
      };
      if (v.reminders !== undefined) {
        command.reminders =
          field('reminders', z.enum(['on', 'off'], { message: 'must be on or off' }), v.reminders) === 'on';
      }
      if (v.name !== undefined) command.name = field('name', nameOption, v.name);
      if (v.email !== undefined) {
        command.emails = field('email', emailsOption, v.email);
      }
      if (command.reminders === undefined && command.name === undefined && command.emails === undefined) {
        throw new UsageError('board update needs at least one of --reminders, --name or --email');
      }
      return { target, command };
    }
    case 'upload': {
      if (v.dir !== undefined && v.file !== undefined) {
        throw new UsageError(
          'upload takes --dir (a folder, one file per school) or --file (one file), not both',
        );
      }
      if (v.dir === undefined && v.file === undefined) {
        throw new UsageError('--dir is required (or --file, for one file for several schools)');
      }
      if (target.kind === 'aws' && (v.api === undefined || v.token === undefined)) {
        throw new UsageError('upload against --target aws needs both --api and --token');
      }
      const common = {
        cmd: name,
        schoolYear: field('year', schoolYearSchema, v.year),
        instrument: field(
          'instrument',
          z.string().check(z.regex(/^[a-z0-9-]+$/, 'must be an instrument id')),
          v.instrument,
        ),
        api: v.api === undefined ? undefined : field('api', z.url({ protocol: /^https?$/ }), v.api),
        token: v.token,
      } as const;
      if (v.file !== undefined) {
        if (v.concurrency !== undefined) {
          throw new UsageError('--concurrency is for --dir: one file is one request');
        }
        const file = field('file', z.string().check(z.minLength(1, 'must name a file')), v.file);
        const sheet =
          v.sheet === undefined
            ? undefined
            : field(
                'sheet',
                z
                  .string()
                  .check(
                    z.minLength(1, `must be 1 to ${SHEET_NAME_MAX} characters`),
                    z.maxLength(SHEET_NAME_MAX, `must be 1 to ${SHEET_NAME_MAX} characters`),
                  ),
                v.sheet,
              );
        return { target, command: { ...common, file, ...(sheet === undefined ? {} : { sheet }) } };
      }
      if (v.sheet !== undefined) throw new UsageError("--sheet is for --file: a workbook's worksheet");
      const concurrency = field(
        'concurrency',
        z.coerce.number().check(z.int(), z.minimum(1, 'must be 1 to 16'), z.maximum(16, 'must be 1 to 16')),
        v.concurrency ?? '4',
      );
      return {
        target,
        command: {
          ...common,
          dir: field('dir', z.string().check(z.minLength(1)), v.dir),
          concurrency,
        },
      };
    }
    case 'deliveries redispatch':
      return {
        target,
        command: {
          cmd: name,
          date: field('date', dateOption, v.date),
        },
      };
    case 'reminders run':
      return {
        target,
        command: {
          cmd: name,
          date: v.date === undefined ? undefined : field('date', dateOption, v.date),
        },
      };
    case 'people invite':
      return {
        target,
        command: {
          cmd: name,
          boardId: field('board', boardIdSchema, v.board),
          request: invitationRequest(v),
        },
      };
    case 'people list':
      return { target, command: { cmd: name, boardId: field('board', boardIdSchema, v.board) } };
    case 'people remove': {
      const boardId = field('board', boardIdSchema, v.board);
      const email = single('email', v.email);
      if ((v.sub === undefined) === (email === undefined))
        throw new UsageError('people remove needs exactly one of --sub or --email');
      if (v.sub !== undefined) {
        // The API's rule for a person's id in a path.
        const sub = field('sub', z.string().check(z.regex(/^[\w-]{1,128}$/, "must be a person's id")), v.sub);
        return { target, command: { cmd: name, boardId, sub } };
      }
      const address = field(
        'email',
        z.email({ message: 'must be an email address' }),
        (email as string).trim(),
      ).toLowerCase();
      return { target, command: { cmd: name, boardId, email: address } };
    }
    case 'people withdraw':
      return {
        target,
        command: {
          cmd: name,
          boardId: field('board', boardIdSchema, v.board),
          invitationId: field(
            'invitation',
            z.string().check(z.regex(/^[0-9a-f]{12}$/, 'must be an invitation id (12 hex characters)')),
            v.invitation,
          ),
        },
      };
    case 'window open':
    case 'window close':
    case 'window list':
      return { target, command: parseWindowCommand(name, v, field, (m) => new UsageError(m)) };
    case 'instrument put':
    case 'instrument list':
    case 'instrument show':
      return { target, command: parseInstrumentCommand(name, v, field, (m) => new UsageError(m)) };
    case 'board list':
    case 'token list':
    case 'schedules list':
      return { target, command: { cmd: name } };
    case 'school create': {
      const sector = field('sector', sectorSchema, v.sector);
      const onderwijssoorten = v.onderwijssoorten
        ? field(
            'onderwijssoorten',
            z.array(onderwijssoortSchema),
            v.onderwijssoorten.split(',').map((s) => s.trim()),
          )
        : [];
      if ((sector === 'po' || sector === 'so') && onderwijssoorten.length > 0) {
        throw new UsageError('--onderwijssoorten: primary schools (po, so) have no onderwijssoorten');
      }
      return {
        target,
        command: {
          cmd: name,
          schoolId: field('id', schoolIdSchema, v.id),
          boardId: field('board', boardIdSchema, v.board),
          name: field('name', nameOption, v.name),
          sector,
          onderwijssoorten,
        },
      };
    }
    case 'school list':
      return { target, command: { cmd: name, boardId: field('board', boardIdSchema, v.board) } };
    case 'token create': {
      const role = field('role', roleSchema, v.role);
      const schoolIds = (v.school ?? [])
        .flatMap((s) => s.split(','))
        .map((s) => field('school', schoolIdSchema, s.trim()));
      const boardId = v.board === undefined ? null : field('board', boardIdSchema, v.board);
      if ((role === 'school' || role === 'vendor') && schoolIds.length === 0) {
        throw new UsageError(`--school is required for role ${role}`);
      }
      if (role === 'board' && boardId === null) throw new UsageError('--board is required for role board');
      if (role !== 'board' && boardId !== null) throw new UsageError(`--board is only for role board`);
      if ((role === 'board' || role === 'admin') && schoolIds.length > 0) {
        throw new UsageError(`--school is not for role ${role}`);
      }
      return {
        target,
        command: { cmd: name, role, schoolIds: [...new Set(schoolIds)], boardId, label: v.label ?? '' },
      };
    }
    case 'token revoke':
      if ((v.id === undefined) === (v.token === undefined))
        throw new UsageError('token revoke needs exactly one of --id or --token');
      return { target, command: { cmd: name, tokenId: v.id, token: v.token } };
    default:
      throw new UsageError(`unknown command "${name}"; see --help`);
  }
};
