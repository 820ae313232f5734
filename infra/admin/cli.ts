/**
 * `npm run admin -- …`: boards, schools and tokens. Exit codes: 0 done, 1 the command failed, 2 bad arguments
 * (including a board or school that does not exist).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ListSchedulesCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { DynamoStore } from '../../functions/lib/dynamo-store.js';
import { parseCommand, UsageError } from './parse-args.js';
import type { ScheduleAccess } from './run-command.js';
import { CommandError, runCommand } from './run-command.js';
import { type Resolved, resolveTarget } from './target.js';

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
    const resolved = resolveTarget(parsed.target);
    const client = new DynamoDBClient({});
    const lines = await runCommand(
      new DynamoStore(client, resolved.tableName),
      parsed.command,
      new Date(),
      scheduleAccess(resolved),
    );
    client.destroy();
    console.log(lines.join('\n'));
    return 0;
  } catch (err) {
    // A command that names a board or school that does not exist is a bad argument too.
    console.error(`error: ${(err as Error).message.split('\n')[0]}`);
    return err instanceof CommandError ? 2 : 1;
  }
};

process.exitCode = await main();
