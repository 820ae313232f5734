import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoStores } from '../../functions/lib/store/index.js';
import { parseCommand } from '../../infra/admin/parse-args.js';
import { CommandError, runCommand } from '../../infra/admin/run-command.js';
import { ensureTable } from '../../infra/local/bootstrap.js';
import { type LocalQueue, startLocalQueue } from '../../infra/local/sqs.js';
import { hashToken } from '../../shared/auth/tokens.js';
import type { Stores } from '../../shared/store/stores.js';
import { seedConsentedSchools } from '../support/consented-schools.js';
import { useLocalAws } from '../support/env.js';
import { createBoard, createSchool, uniqueBoardId, uniqueSchoolId } from '../support/fixtures.js';
import { mailsTo } from '../support/ses-store.js';

const env = useLocalAws();
let store: Stores;
beforeAll(() => {
  store = dynamoStores(new DynamoDBClient({}), process.env.MSV_TABLE_NAME as string);
});

/** A stack.json as npm start writes it, naming the test run's stand-ins, for a CLI process to read. */
const writeStackJson = (dir: string, more: Record<string, unknown>) =>
  writeFileSync(
    join(dir, 'stack.json'),
    JSON.stringify({
      dynamodbEndpoint: env.AWS_ENDPOINT_URL_DYNAMODB,
      s3Endpoint: env.AWS_ENDPOINT_URL_S3,
      sesUrl: env.AWS_ENDPOINT_URL_SES,
      uploadBucket: env.MSV_UPLOAD_BUCKET,
      ...more,
    }),
  );

const run = (line: string) => runCommand(store, parseCommand(line.split(' ')).command);

describe('admin commands against DynamoDB Local', () => {
  it('creates a board, a school and a token, stores only the hash, and revokes it', async () => {
    const board = uniqueBoardId();
    const school = uniqueSchoolId();
    await run(`board create --id ${board} --name Stichting --email a@b.nl`);
    await run(
      `school create --id ${school} --board ${board} --name College --sector vo --onderwijssoorten havo`,
    );
    expect((await store.schools.get(school))?.onderwijssoorten).toEqual(['havo']);

    const [, token] = await run(`token create --role school --school ${school}`);
    expect(token).toMatch(/^msv_school_/);
    const stored = await store.tokens.get(hashToken(token as string));
    expect(stored).toMatchObject({ role: 'school', schoolIds: [school], revokedAt: null });
    expect(JSON.stringify(await store.tokens.list())).not.toContain(token);

    await run(`token revoke --id ${stored?.tokenId}`);
    expect((await store.tokens.get(hashToken(token as string)))?.revokedAt).not.toBeNull();
    await expect(run(`token revoke --id ${stored?.tokenId}`)).rejects.toThrow(/already revoked/);
  });

  it('refuses a school of a board that does not exist, and a token for a school that does not exist', async () => {
    await expect(
      run(`school create --id ${uniqueSchoolId()} --board ${uniqueBoardId()} --name X --sector vo`),
    ).rejects.toThrow(CommandError);
    await expect(run(`token create --role school --school ${uniqueSchoolId()}`)).rejects.toThrow(
      /does not exist/,
    );
  });
});

describe('admin CLI process', () => {
  const exec = promisify(execFile);
  const dir = mkdtempSync(join(tmpdir(), 'msv-admin-'));
  writeStackJson(dir, { tableName: env.MSV_TABLE_NAME });
  const cli = (args: string[]) =>
    exec(process.execPath, ['--import', 'tsx', 'infra/admin/cli.ts', ...args], {
      env: { ...process.env, MSV_LOCAL_DIR: dir },
    }).then(
      (r) => ({ code: 0, ...r }),
      (e: { code: number; stdout: string; stderr: string }) => e,
    );

  it('prints one error line and exits 2 on bad arguments', async () => {
    const r = await cli(['school', 'create', '--id', 'nope']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^error: /);
  });

  it('creates a board against the stack named in stack.json', async () => {
    const board = uniqueBoardId();
    const r = await cli([
      'board',
      'create',
      '--id',
      board,
      '--name',
      'Stichting Proces',
      '--email',
      'x@y.nl',
    ]);
    expect(r.code).toBe(0);
    expect((await store.boards.get(board))?.name).toBe('Stichting Proces');
  });
});

describe('admin CLI: boards and the reminder run', () => {
  const exec = promisify(execFile);
  // A table of its own: a reminder run mails every board in the table, not only this test's.
  const dir = mkdtempSync(join(tmpdir(), 'msv-admin-reminders-'));
  const tableName = `msv-test-admin-${randomBytes(3).toString('hex')}`;
  let own: Stores;
  beforeAll(async () => {
    const client = new DynamoDBClient({});
    await ensureTable(client, tableName);
    own = dynamoStores(client, tableName);
    writeStackJson(dir, { apiUrl: 'http://localhost:3999', tableName });
  });
  const cli = (...args: string[]) =>
    exec(process.execPath, ['--import', 'tsx', 'infra/admin/cli.ts', ...args], {
      env: { ...process.env, MSV_LOCAL_DIR: dir },
    });

  it('lists boards, turns reminders off, and runs the reminders of a given day', async () => {
    const board = await createBoard(own);
    await createSchool(own, board.boardId);
    const email = board.emails[0] as string;
    expect((await cli('board', 'list')).stdout).toContain(`${board.boardId}  reminders on   ${email}`);

    const first = await cli('reminders', 'run', '--date', '2026-05-04');
    expect(first.stdout).toContain('reminders 2026-05-04 (2025-2026): digest, 1 mail(s) sent');
    expect(first.stdout).toContain(`${board.boardId}  sent  1 school(s)`);
    const mails = await mailsTo(email);
    expect(mails).toHaveLength(1);
    // Locally the overview link points at the local gateway, where the web app is served.
    expect(mails[0]?.body.text).toContain(`http://localhost:3999/#/boards/${board.boardId}/years/2025-2026`);
    expect((await cli('reminders', 'run', '--date', '2026-05-04')).stdout).toContain(
      `${board.boardId}  already_sent`,
    );
    expect((await cli('reminders', 'run', '--date', '2026-05-05')).stdout).toContain('not a reminder day');

    expect((await cli('board', 'update', '--id', board.boardId, '--reminders', 'off')).stdout).toContain(
      'reminders off',
    );
    expect((await own.boards.get(board.boardId))?.reminders).toBe(false);
    expect((await own.boards.get(board.boardId))?.name).toBe(board.name);
    expect((await cli('board', 'list')).stdout).toContain(`${board.boardId}  reminders off`);
    expect((await cli('reminders', 'run', '--date', '2026-05-11')).stdout).toContain(
      `${board.boardId}  disabled`,
    );
    expect(await mailsTo(email)).toHaveLength(1);
  }, 60_000);
});

describe('admin CLI: deliveries redispatch', () => {
  const exec = promisify(execFile);
  const dir = mkdtempSync(join(tmpdir(), 'msv-admin-redispatch-'));
  const tableName = `msv-test-redispatch-${randomBytes(3).toString('hex')}`;
  const received: string[] = [];
  let queue: LocalQueue;
  let ids: string[];
  beforeAll(async () => {
    const client = new DynamoDBClient({});
    await ensureTable(client, tableName);
    ids = await seedConsentedSchools(dynamoStores(client, tableName), {
      count: 3,
      deliveryDate: '2026-06-16',
      schoolYear: '2025-2026',
      series: 60,
    });
    queue = await startLocalQueue({
      port: 0,
      name: 'redispatch-jobs',
      consume: async (event) => {
        received.push(...event.Records.map((r) => r.body));
        return { batchItemFailures: [] };
      },
      batchSize: 10,
      concurrency: 1,
      maxReceives: 1,
    });
    writeStackJson(dir, { tableName, deliveryQueueUrl: queue.queueUrl });
  });
  afterAll(() => queue?.stop());
  const cli = (now: string, ...args: string[]) =>
    exec(process.execPath, ['--import', 'tsx', 'infra/admin/cli.ts', ...args], {
      env: { ...process.env, MSV_LOCAL_DIR: dir, MSV_NOW: now },
    }).then(
      (r) => ({ code: 0, out: r.stdout, err: r.stderr }),
      (e: { code: number; stdout: string; stderr: string }) => ({
        code: e.code,
        out: e.stdout,
        err: e.stderr,
      }),
    );

  it("queues a date's undelivered consents again, once its delivery time has passed", async () => {
    const early = await cli('2026-06-16T05:30:00+02:00', 'deliveries', 'redispatch', '--date', '2026-06-16');
    expect(early.code).toBe(2);
    expect(early.err).toContain('has not come yet');
    const r = await cli('2026-06-17T10:00:00+02:00', 'deliveries', 'redispatch', '--date', '2026-06-16');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('3 undelivered consent(s) queued again');
    await queue.drained();
    expect(received.map((b) => (JSON.parse(b) as { schoolId: string }).schoolId).sort()).toEqual(
      [...ids].sort(),
    );
  });
});
