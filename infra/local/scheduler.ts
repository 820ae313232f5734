/**
 * A local stand-in for EventBridge Scheduler, speaking the restJson routes the unmodified
 * `@aws-sdk/client-scheduler` uses (CreateSchedule, GetSchedule, DeleteSchedule, ListSchedules), persisting
 * schedules to a JSON file, and firing one-time `at()` schedules at their time against a local target.
 * Also `POST /_local/fire/{Name}` (not an AWS route) so the admin CLI can fire a schedule by hand.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock } from '../../shared/clock.js';
import { instantOf } from '../../shared/time/amsterdam.js';
import { LOCAL_ACCOUNT, LOCAL_REGION } from './deployed-types.js';

export interface LocalSchedule {
  Name: string;
  GroupName: string;
  ScheduleExpression: string;
  ScheduleExpressionTimezone?: string;
  ActionAfterCompletion?: string;
  State?: string;
  Description?: string;
  FlexibleTimeWindow?: { Mode: string };
  Target: { Arn: string; RoleArn: string; Input?: string };
  CreationDate: number;
}

export interface LocalScheduler {
  endpoint: string;
  list(): LocalSchedule[];
  /** Fires a schedule now (as the real service would at its time); deletes it after if it says so. */
  fire(name: string, group?: string): Promise<unknown>;
  stop(): Promise<void>;
}

/** When an `at(…)` schedule is due, or undefined for expressions this stand-in does not fire. */
export const dueAt = (
  s: Pick<LocalSchedule, 'ScheduleExpression' | 'ScheduleExpressionTimezone'>,
): Date | undefined => {
  const m = /^at\((\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})\)$/.exec(s.ScheduleExpression);
  if (!m) return undefined;
  const zone = s.ScheduleExpressionTimezone ?? 'UTC';
  if (zone === 'UTC') return new Date(`${m[1]}T${m[2]}Z`);
  if (zone === 'Europe/Amsterdam') return instantOf(m[1] as string, m[2] as string);
  return undefined;
};

const send = (res: ServerResponse, status: number, body: unknown, errorType?: string) => {
  res.writeHead(status, {
    'content-type': 'application/json',
    ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
  });
  res.end(JSON.stringify(body));
};

const readJson = async (req: IncomingMessage): Promise<Record<string, unknown>> => {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
};

export const startLocalScheduler = async (opts: {
  port: number;
  /** JSON file the schedules persist in; undefined keeps them in memory. */
  file?: string;
  clock: Clock;
  /** Invokes the target, as Scheduler invokes a Lambda function with the schedule's Input. */
  invoke: (schedule: LocalSchedule) => Promise<unknown>;
  /** How often due schedules are looked for. */
  intervalMs?: number;
  log?: (line: string) => void;
}): Promise<LocalScheduler> => {
  const log = opts.log ?? (() => undefined);
  const schedules = new Map<string, LocalSchedule>();
  if (opts.file && existsSync(opts.file)) {
    for (const s of JSON.parse(readFileSync(opts.file, 'utf8')) as LocalSchedule[])
      schedules.set(`${s.GroupName}/${s.Name}`, s);
  }
  const save = () => {
    if (opts.file) writeFileSync(opts.file, `${JSON.stringify([...schedules.values()], null, 2)}\n`);
  };

  const fire = async (name: string, group?: string) => {
    const s = [...schedules.values()].find(
      (x) => x.Name === name && (group === undefined || x.GroupName === group),
    );
    if (!s) throw new Error(`no schedule named ${name}`);
    log(`scheduler: firing ${s.Name}`);
    const result = await opts.invoke(s);
    if (s.ActionAfterCompletion === 'DELETE') {
      schedules.delete(`${s.GroupName}/${s.Name}`);
      save();
    }
    return result;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const method = req.method ?? 'GET';
    if (parts[0] === '_local' && parts[1] === 'fire' && parts[2] && method === 'POST') {
      try {
        send(res, 200, { fired: parts[2], result: (await fire(parts[2])) ?? null });
      } catch (err) {
        send(res, 404, { message: (err as Error).message });
      }
      return;
    }
    if (parts[0] !== 'schedules')
      return send(res, 404, { message: 'Not Found' }, 'ResourceNotFoundException');
    if (parts.length === 1 && method === 'GET') {
      const group = url.searchParams.get('ScheduleGroup');
      const prefix = url.searchParams.get('NamePrefix') ?? '';
      const list = [...schedules.values()].filter(
        (s) => (!group || s.GroupName === group) && s.Name.startsWith(prefix),
      );
      return send(res, 200, {
        Schedules: list.map((s) => ({
          Arn: `arn:aws:scheduler:${LOCAL_REGION}:${LOCAL_ACCOUNT}:schedule/${s.GroupName}/${s.Name}`,
          Name: s.Name,
          GroupName: s.GroupName,
          State: s.State ?? 'ENABLED',
          CreationDate: s.CreationDate,
          Target: { Arn: s.Target.Arn },
        })),
      });
    }
    const name = parts[1] as string;
    const group = url.searchParams.get('groupName') ?? 'default';
    const key = (g: string) => `${g}/${name}`;
    if (method === 'POST') {
      const body = await readJson(req);
      const g = String(body.GroupName ?? 'default');
      if (schedules.has(key(g)))
        return send(res, 409, { Message: `Schedule ${name} already exists.` }, 'ConflictException');
      schedules.set(key(g), {
        ...(body as unknown as LocalSchedule),
        Name: name,
        GroupName: g,
        CreationDate: Date.now() / 1000,
      });
      save();
      log(`scheduler: created ${name} ${String(body.ScheduleExpression)}`);
      return send(res, 200, {
        ScheduleArn: `arn:aws:scheduler:${LOCAL_REGION}:${LOCAL_ACCOUNT}:schedule/${g}/${name}`,
      });
    }
    const s = schedules.get(key(group));
    if (!s)
      return send(res, 404, { Message: `Schedule ${name} does not exist.` }, 'ResourceNotFoundException');
    if (method === 'GET') {
      return send(res, 200, {
        ...s,
        Arn: `arn:aws:scheduler:${LOCAL_REGION}:${LOCAL_ACCOUNT}:schedule/${group}/${name}`,
      });
    }
    if (method === 'DELETE') {
      schedules.delete(key(group));
      save();
      log(`scheduler: deleted ${name}`);
      return send(res, 200, {});
    }
    return send(res, 404, { message: 'Not Found' });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) =>
      send(res, 500, { message: (err as Error).message }, 'InternalServerException'),
    );
  });
  await new Promise<void>((resolve) => server.listen(opts.port, '127.0.0.1', resolve));

  // Due schedules fire one at a time, like Scheduler with FlexibleTimeWindow OFF but without parallelism.
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    const now = opts.clock.now().getTime();
    const due = [...schedules.values()].filter(
      (s) => (dueAt(s)?.getTime() ?? Number.POSITIVE_INFINITY) <= now,
    );
    (async () => {
      for (const s of due) {
        try {
          await fire(s.Name, s.GroupName);
        } catch (err) {
          log(`scheduler: ${s.Name} failed: ${(err as Error).message}`);
        }
      }
    })().finally(() => {
      busy = false;
    });
  }, opts.intervalMs ?? 1000);
  timer.unref();

  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    list: () => [...schedules.values()],
    fire,
    stop: async () => {
      clearInterval(timer);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
};
