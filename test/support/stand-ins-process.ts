/**
 * The local AWS stand-ins of test/support/local-aws.ts (DynamoDB Local, s3rver, the local SES) in a Node child
 * process of their own, for the benches: in-process, s3rver and the SES server share one thread with whatever
 * the bench runs there (the local runtime's IAM proxy and queue), and on a two-core machine that thread is what
 * a delivery day waits for. The child also reports its CPU and its JVM's, so a bench can say what the stand-ins
 * cost apart from msv's own functions.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROLE = 'MSV_STAND_INS_PROCESS';

/** CPU ms of the given process (utime + stime of /proc/<pid>/stat, in clock ticks of 10 ms); 0 off Linux. */
export const processCpuMs = (pid: number): number => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
};

/** Every process below `pid` (DynamoDB Local's JVM below the child), from /proc. */
const descendants = (pid: number): number[] => {
  const out: number[] = [];
  let tasks: string[] = [];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const t of tasks) {
    let children = '';
    try {
      children = readFileSync(`/proc/${pid}/task/${t}/children`, 'utf8');
    } catch {}
    for (const c of children.split(' ').filter(Boolean).map(Number)) out.push(c, ...descendants(c));
  }
  return out;
};

/** What the child reports: the Node stand-ins' CPU and the JVM's, ms, and the sends SES throttled. */
export interface StandInsUsage {
  node: number;
  jvm: number;
  sesThrottled: number;
}

/** The child's side: start the stand-ins, say their environment, answer `usage` and `stop` on stdin. */
const runChild = async () => {
  const { startLocalAws } = await import('./local-aws.js');
  const rate = Number(process.env.MSV_STAND_INS_SES_RATE ?? 0);
  const stack = await startLocalAws(rate > 0 ? { sesMaxSendRate: rate } : {});
  const say = (o: unknown) => process.stdout.write(`@@${JSON.stringify(o)}\n`);
  say({ env: stack.env, tableName: stack.tableName, sesUrl: stack.sesUrl });
  const stop = async () => {
    await stack.stop();
    process.exit(0);
  };
  const lines = createInterface({ input: process.stdin });
  lines.on('line', (line) => {
    if (line === 'usage') {
      const own = process.cpuUsage();
      const jvm = descendants(process.pid).reduce((ms, pid) => ms + processCpuMs(pid), 0);
      say({ usage: { node: (own.user + own.system) / 1000, jvm, sesThrottled: stack.sesThrottled() } });
    }
    if (line === 'stop') void stop();
  });
  lines.on('close', () => void stop());
};

export interface StandInsProcess {
  /** The variables that point clients at the stand-ins (as startLocalAws's `env`). */
  env: Record<string, string>;
  tableName: string;
  sesUrl: string;
  usage(): Promise<StandInsUsage>;
  stop(): Promise<void>;
}

/** Starts the stand-ins in a child process; `sesMaxSendRate` makes the local SES throttle as SES does. */
export const startStandInsProcess = async (
  opts: { sesMaxSendRate?: number } = {},
): Promise<StandInsProcess> => {
  const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url)], {
    env: {
      ...process.env,
      [ROLE]: '1',
      ...(opts.sesMaxSendRate ? { MSV_STAND_INS_SES_RATE: String(opts.sesMaxSendRate) } : {}),
    },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const waiting: Array<(o: Record<string, unknown>) => void> = [];
  const next = () => new Promise<Record<string, unknown>>((resolve) => waiting.push(resolve));
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (line.startsWith('@@')) waiting.shift()?.(JSON.parse(line.slice(2)) as Record<string, unknown>);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = await Promise.race([
    next(),
    exited.then(() => {
      throw new Error('the stand-ins did not start');
    }),
  ]);
  return {
    env: ready.env as Record<string, string>,
    tableName: ready.tableName as string,
    sesUrl: ready.sesUrl as string,
    usage: async () => {
      const answer = next();
      child.stdin.write('usage\n');
      return (await answer).usage as StandInsUsage;
    },
    stop: async () => {
      child.stdin.end('stop\n');
      await exited;
    },
  };
};

if (process.env[ROLE] === '1' && process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href)
  await runChild();
