/**
 * `npm run admin -- …`: boards, schools, tokens, a board's people, catch-up windows and instrument definitions.
 * Exit codes: 0 done, 1 the command failed (a refused instrument definition too), 2 bad arguments (including a
 * board or school that does not exist).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ListSchedulesCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { SQSClient } from '@aws-sdk/client-sqs';
import { sesMailer } from '../../functions/lib/ports/mailer.js';
import { cognitoDirectory } from '../../functions/lib/ports/user-directory.js';
import { SqsDeliveryQueue } from '../../functions/lib/sqs-delivery-queue.js';
import { dynamoStores } from '../../functions/lib/store/index.js';
import { clockOf, fixedClock } from '../../shared/clock.js';
import { loadConfig } from '../../shared/config.js';
import { reconcileDeliveries } from '../../shared/delivery/reconcile.js';
import { runReminders } from '../../shared/reminders/run-reminders.js';
import type { Stores } from '../../shared/store/stores.js';
import { instantOf } from '../../shared/time/amsterdam.js';
import { ProgressBar } from './bulk-upload/progress.js';
import {
  schoolsFileSummaryLines,
  UnreadableFileError,
  uploadSchoolsFile,
} from './bulk-upload/upload-file.js';
import { summaryLines, uploadFolder } from './bulk-upload/upload-folder.js';
import { DefinitionRefusedError } from './instrument-commands.js';
import { type Command, parseCommand, UsageError } from './parse-args.js';
import type { DeliveryAccess, PeopleAccess, ReminderAccess, ScheduleAccess } from './run-command.js';
import { CommandError, runCommand } from './run-command.js';
import { type Resolved, readLocalStack, resolveTarget } from './target.js';

/** Schedules through the normal SDK (local stand-in or AWS); firing by hand only on the local stand-in. */
const scheduleAccess = (resolved: Resolved): ScheduleAccess => ({
  list: async () => {
    const client = new SchedulerClient({});
    const out = await client.send(
      new ListSchedulesCommand({ GroupName: resolved.scheduleGroup, NamePrefix: 'msv-delivery-' }),
    );
    return (out.Schedules ?? []).map((s) => ({ name: s.Name ?? '', state: s.State }));
  },
  fire: async (name) => {
    if (!resolved.schedulerEndpoint) throw new CommandError('schedules fire works on the local stack only');
    const res = await fetch(`${resolved.schedulerEndpoint}/_local/fire/${encodeURIComponent(name)}`, {
      method: 'POST',
    });
    const body = (await res.json()) as { result?: unknown; message?: string };
    if (!res.ok) throw new CommandError(body.message ?? `firing ${name} failed`);
    return body.result;
  },
});

/** The domain's log, for the operator: errors (a mail that failed, with each attempt) on stderr. */
const operatorLog = {
  info: () => undefined,
  error: (msg: string, extra?: object) => console.error(`${msg} ${JSON.stringify(extra ?? {})}`),
};

/**
 * What the people commands use, as the people function does: its Cognito directory on the target's user pool
 * (locally the stand-in's admin API, straight, not through the IAM proxy), its SES mailer with this process's
 * configuration, MSV_NOW or now, and the web app's address for the invitation link. Made only when a people
 * command runs, so that other commands need no user pool.
 */
const peopleAccess = (resolved: Resolved): PeopleAccess => ({
  services: () => {
    const config = loadConfig();
    const peopleUserPoolId = resolved.userPoolId;
    if (!peopleUserPoolId)
      throw new CommandError(
        'no user pool: set MSV_PEOPLE_USER_POOL_ID or pass --outputs cdk-outputs.json (UserPoolId of the stateful stack)',
      );
    const appUrl = config.appUrl ?? resolved.appUrl;
    if (!appUrl)
      throw new CommandError(
        'no web app address for the invitation link: set MSV_APP_URL or pass --outputs cdk-outputs.json (WebAppUrl)',
      );
    return {
      directory: cognitoDirectory({ peopleUserPoolId }),
      mailer: sesMailer(config),
      clock: clockOf(config.now),
      log: operatorLog,
      appUrl,
    };
  },
});

/**
 * The reminder run of the functions, with this process's configuration (MSV_* of the target: locally the stack's)
 * and a clock at `reminderTime` on `--date`, or MSV_NOW, or now.
 */
const reminderAccess = (store: Stores): ReminderAccess => ({
  run: async (date) => {
    // The operator's config (every setting, as the CLI is not a function) and the functions' own SES mailer.
    const config = loadConfig();
    const mailer = sesMailer(config);
    const clock = date ? fixedClock(instantOf(date, `${config.reminderTime}:00`)) : clockOf(config.now);
    return runReminders({
      store,
      mailer,
      clock,
      log: operatorLog,
      remindersStart: config.remindersStart,
      noDataRemindersStart: config.noDataRemindersStart,
      appUrl: config.appUrl ?? (config.stage === 'local' ? readLocalStack().apiUrl : undefined),
    });
  },
});

/**
 * An operator's redispatch of one date: the reconciliation for that date alone, with no grace period, into the
 * target's delivery queue. The worker delivers each school at most once, so a school already delivered (or in
 * flight) is not delivered twice.
 */
const deliveryAccess = (resolved: Resolved, store: Stores): DeliveryAccess => ({
  redispatch: async (date) => {
    if (!resolved.deliveryQueueUrl)
      throw new CommandError(
        'no delivery queue: set MSV_DELIVERY_QUEUE_URL or pass --outputs cdk-outputs.json',
      );
    const config = loadConfig();
    const clock = clockOf(config.now);
    if (instantOf(date, config.deliveryTime).getTime() > clock.now().getTime())
      return { due: false, schools: 0 };
    const queue = new SqsDeliveryQueue(new SQSClient({}), resolved.deliveryQueueUrl);
    const run = await reconcileDeliveries(
      { store, queue, clock, deliveryTime: config.deliveryTime },
      { graceMinutes: 0, dates: [date], correlationId: `admin-redispatch-${clock.now().toISOString()}` },
    );
    if (run.invalid.length > 0)
      throw new CommandError(
        `${run.invalid.length} reference(s) make no valid job: ${JSON.stringify(run.invalid)}`,
      );
    return { due: true, schools: run.requeued.reduce((n, r) => n + r.schools, 0) };
  },
});

/**
 * The vendor bulk upload, a folder (one file per school) or one file for several schools: through the API only;
 * locally the API and the demo vendor token are the defaults.
 */
const upload = async (command: Extract<Command, { cmd: 'upload' }>, local: boolean): Promise<number> => {
  // MSV_TOKEN keeps the token out of the process list and the shell history, where --token would show it.
  const given = command.token ?? process.env.MSV_TOKEN;
  const stack = local && (!command.api || !given) ? readLocalStack() : undefined;
  const api = command.api ?? stack?.apiUrl;
  const token = given ?? stack?.tokens?.vendor;
  if (!api || !token) throw new CommandError('upload needs --api and a token (MSV_TOKEN or --token)');
  const where = { api, token, schoolYear: command.schoolYear, instrument: command.instrument };
  if ('file' in command) {
    let report: Awaited<ReturnType<typeof uploadSchoolsFile>>;
    try {
      report = await uploadSchoolsFile({
        ...where,
        file: command.file,
        ...(command.sheet === undefined ? {} : { sheet: command.sheet }),
        onRetry: ({ attempt, waitMs, reason }) =>
          console.error(`${reason}: retry ${attempt} in ${(waitMs / 1000).toFixed(1)} s`),
      });
    } catch (err) {
      // A file that is not there is a bad argument (exit 2), not a failed upload.
      if (err instanceof UnreadableFileError) throw new CommandError(err.message);
      throw err;
    }
    const { lines, failed } = schoolsFileSummaryLines(report);
    console.log(lines.join('\n'));
    return failed ? 1 : 0;
  }
  const report = await uploadFolder({
    ...where,
    dir: command.dir,
    concurrency: command.concurrency,
    progress: new ProgressBar(process.stderr),
  });
  const { lines, failed } = summaryLines(report);
  console.log(lines.join('\n'));
  return failed ? 1 : 0;
};

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const main = async (): Promise<number> => {
  let parsed: ReturnType<typeof parseCommand>;
  try {
    parsed = parseCommand(process.argv.slice(2));
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    console.error(`error: ${err.message}`);
    return 2;
  }
  try {
    if (parsed.command.cmd === 'help') {
      console.log((await runCommand(undefined as never, parsed.command)).join('\n'));
      return 0;
    }
    if (parsed.command.cmd === 'upload') return await upload(parsed.command, parsed.target.kind === 'local');
    const resolved = resolveTarget(parsed.target);
    const client = new DynamoDBClient({});
    const store = dynamoStores(client, resolved.tableName);
    // MSV_NOW, as on the local stack, so that records made while walking through a year carry that year's times.
    const lines = await runCommand(store, parsed.command, clockOf(loadConfig().now).now(), {
      schedules: scheduleAccess(resolved),
      reminders: reminderAccess(store),
      deliveries: deliveryAccess(resolved, store),
      people: peopleAccess(resolved),
    });
    client.destroy();
    console.log(lines.join('\n'));
    return 0;
  } catch (err) {
    // A refused instrument definition names every problem, one a line: the operator fixes them all at once.
    if (err instanceof DefinitionRefusedError) {
      console.error(
        err
          .lines()
          .map((l, i) => (i === 0 ? `error: ${l}` : l))
          .join('\n'),
      );
      return 1;
    }
    // A command that names a board, school, person or invitation that does not exist is a bad argument too; any
    // other refusal (the API's, in its English words) is a failed command.
    console.error(`error: ${(err as Error).message.split('\n')[0]}`);
    return err instanceof CommandError ? 2 : 1;
  }
};

process.exitCode = await main();
