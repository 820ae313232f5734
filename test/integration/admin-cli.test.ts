import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  AdminGetUserCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoStores } from '../../functions/lib/store/index.js';
import { parseCommand } from '../../infra/admin/parse-args.js';
import { CommandError, runCommand } from '../../infra/admin/run-command.js';
import { ensureTable } from '../../infra/local/bootstrap.js';
import { type LocalOidc, startLocalOidc } from '../../infra/local/oidc/index.js';
import { type LocalQueue, startLocalQueue } from '../../infra/local/sqs.js';
import { hashToken } from '../../shared/auth/tokens.js';
import { fixedClock } from '../../shared/clock.js';
import type { Membership } from '../../shared/people/membership.js';
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

describe('admin CLI: a board’s people', () => {
  const exec = promisify(execFile);
  const dir = mkdtempSync(join(tmpdir(), 'msv-admin-people-'));
  const APP = 'http://localhost:3999';
  let oidc: LocalOidc;
  beforeAll(async () => {
    // The local user pool of npm start: the CLI calls its Cognito admin API directly, as signIn.adminEndpoint says.
    oidc = await startLocalOidc({ appUrl: APP, sesEndpoint: env.AWS_ENDPOINT_URL_SES, people: [] });
    writeStackJson(dir, {
      apiUrl: APP,
      tableName: env.MSV_TABLE_NAME,
      signIn: { userPoolId: oidc.userPoolId, adminEndpoint: oidc.adminEndpoint },
    });
  });
  afterAll(() => oidc?.close());
  const cli = (...args: string[]) =>
    exec(process.execPath, ['--import', 'tsx', 'infra/admin/cli.ts', ...args], {
      env: { ...process.env, MSV_LOCAL_DIR: dir },
    }).then(
      (r) => ({ code: 0, out: r.stdout, err: r.stderr }),
      (e: { code: number; stdout: string; stderr: string }) => ({
        code: e.code,
        out: e.stdout,
        err: e.stderr,
      }),
    );
  const address = (who: string, boardId: string) => `${who}-${boardId}@people.example.nl`;
  const secretIn = (text: string | undefined) => /#\/uitnodiging\/([A-Za-z0-9_-]{43})/.exec(text ?? '')?.[1];

  it("invites a board's first gebruikersbeheerder: a user of the pool, the mail with the link, the list", async () => {
    const board = await createBoard(store);
    const email = address('bea', board.boardId);
    const r = await cli(
      'people',
      'invite',
      '--board',
      board.boardId,
      '--email',
      email.toUpperCase(),
      '--name',
      'Bea de Beheerder',
    );
    expect(r.code, r.err).toBe(0);
    const [invitation] = await store.people.invitationsOf(board.boardId);
    expect(invitation).toMatchObject({
      email,
      name: 'Bea de Beheerder',
      membership: { scope: 'board', boardId: board.boardId, role: 'gebruikersbeheerder' },
      invitedBy: 'operator',
      invitedByName: 'de beheerder van msv',
      acceptedAt: null,
    });
    const id = invitation?.invitationId as string;
    expect(r.out).toContain(
      `invitation ${id} for ${email} (gebruikersbeheerder of board ${board.boardId}) until ${invitation?.expiresAt}: mail sent to ${email}`,
    );

    // The account, made by the functions' CognitoDirectory at the pool's admin API: verified, with the name.
    const pool = new CognitoIdentityProviderClient({ endpoint: oidc.adminEndpoint, maxAttempts: 1 });
    const user = await pool.send(new AdminGetUserCommand({ UserPoolId: oidc.userPoolId, Username: email }));
    pool.destroy();
    expect(Object.fromEntries((user.UserAttributes ?? []).map((a) => [a.Name, a.Value]))).toMatchObject({
      email,
      email_verified: 'true',
      name: 'Bea de Beheerder',
    });
    expect(oidc.users.get(email)?.enabled).toBe(true);

    // One mail (Cognito's own was suppressed): msv's, with the link to the web app that works once.
    const mails = await mailsTo(email);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.subject).toBe(`Uitnodiging voor msv: gebruikersbeheerder van bestuur ${board.name}`);
    expect(mails[0]?.body.text).toContain('de beheerder van msv nodigt u uit');
    const secret = secretIn(mails[0]?.body.text);
    expect(mails[0]?.body.text).toContain(`${APP}/#/uitnodiging/${secret}`);
    // The secret is in the mail only: not printed, not stored (only its hash).
    expect(secret).toBeDefined();
    expect(`${r.out}${r.err}`).not.toContain(secret);
    expect(JSON.stringify(await store.people.invitationsOf(board.boardId))).not.toContain(secret);
    expect(await store.people.logOf(board.boardId)).toMatchObject([
      { actor: 'operator', actorName: 'de beheerder van msv', action: 'person_invited', subject: { email } },
    ]);

    const list = await cli('people', 'list', '--board', board.boardId);
    expect(list.code, list.err).toBe(0);
    expect(list.out).toContain(
      `board ${board.boardId} ${board.name}: 0 person(s), 1 open invitation(s), 0 join request(s)`,
    );
    expect(list.out).toContain(
      `invitation ${id}  ${email}  Bea de Beheerder  gebruikersbeheerder of board ${board.boardId}  until ${invitation?.expiresAt}  by de beheerder van msv`,
    );

    // The same again is the API's refusal, in its words: a failed command, and no second mail.
    const again = await cli('people', 'invite', '--board', board.boardId, '--email', email, '--name', 'Bea');
    expect([again.code, again.err.trim()]).toEqual([1, `error: ${email} is invited there already.`]);
    expect(await mailsTo(email)).toHaveLength(1);

    // Withdrawn (say, when its mail got lost), it is no longer open, and the person can be invited anew.
    const withdrawn = await cli('people', 'withdraw', '--board', board.boardId, '--invitation', id);
    expect([withdrawn.code, withdrawn.out.trim()]).toEqual([0, `invitation ${id} withdrawn`]);
    expect((await cli('people', 'list', '--board', board.boardId)).out).not.toContain(id);
    const gone = await cli('people', 'withdraw', '--board', board.boardId, '--invitation', id);
    expect([gone.code, gone.err.trim()]).toEqual([2, 'error: There is no such invitation.']);
  }, 60_000);

  it('invites school staff to a school of the board only, and refuses bad arguments and unknown boards', async () => {
    const board = await createBoard(store);
    const school = await createSchool(store, board.boardId);
    const elsewhere = await createSchool(store, (await createBoard(store)).boardId);
    const email = address('sanne', board.boardId);
    const invite = (...more: string[]) =>
      cli('people', 'invite', '--board', board.boardId, '--email', email, '--name', 'Sanne', ...more);

    const noSchool = await invite('--role', 'schoolleider');
    expect([noSchool.code, noSchool.err.trim()]).toEqual([
      2,
      'error: --school is required for role schoolleider',
    ]);
    const badRole = await invite('--role', 'directeur', '--school', school.schoolId);
    expect(badRole.code).toBe(2);
    expect(badRole.err).toMatch(/^error: --role must be one of/);
    const foreign = await invite('--role', 'schoolleider', '--school', elsewhere.schoolId);
    expect([foreign.code, foreign.err.trim()]).toEqual([
      2,
      `error: School ${elsewhere.schoolId} is not a school of this board.`,
    ]);
    const ghost = await invite('--role', 'schoolleider', '--school', uniqueSchoolId());
    expect(ghost.code).toBe(2);
    expect(ghost.err).toMatch(/is not a school of this board/);
    const unknownBoard = uniqueBoardId();
    const noBoard = await cli(
      'people',
      'invite',
      '--board',
      unknownBoard,
      '--email',
      email,
      '--name',
      'Sanne',
    );
    expect([noBoard.code, noBoard.err.trim()]).toEqual([2, `error: board ${unknownBoard} does not exist`]);
    expect((await cli('people', 'list', '--board', unknownBoard)).code).toBe(2);
    // Nothing of any refusal reached the pool or the mail.
    expect(oidc.users.get(email)).toBeUndefined();
    expect(await mailsTo(email)).toHaveLength(0);

    const ok = await invite('--role', 'schoolleider', '--school', school.schoolId);
    expect(ok.code, ok.err).toBe(0);
    expect(ok.out).toContain(`(schoolleider of school ${school.schoolId})`);
    const mails = await mailsTo(email);
    expect(mails.map((m) => m.subject)).toEqual([
      `Uitnodiging voor msv: schoolleider van school ${school.name}`,
    ]);
    expect(oidc.users.get(email)).toBeDefined();
  }, 60_000);

  it('lists the people with their roles and removes one, never the last gebruikersbeheerder', async () => {
    const board = await createBoard(store);
    const school = await createSchool(store, board.boardId);
    const at = new Date().toISOString();
    const put = (sub: string, who: string, name: string, membership: Membership) =>
      store.people.put({
        sub,
        email: address(who, board.boardId),
        name,
        membership,
        createdAt: at,
        createdBy: 'operator',
      });
    const bea = `bea-${board.boardId}`;
    const mo = `mo-${board.boardId}`;
    await put(bea, 'bea', 'Bea de Beheerder', {
      scope: 'board',
      boardId: board.boardId,
      role: 'gebruikersbeheerder',
    });
    await put(mo, 'mo', 'Mo Medewerker', {
      scope: 'school',
      boardId: board.boardId,
      schoolId: school.schoolId,
      role: 'medewerker',
    });
    await put(mo, 'mo', 'Mo Medewerker', { scope: 'board', boardId: board.boardId, role: 'bestuurder' });

    const list = await cli('people', 'list', '--board', board.boardId);
    expect(list.code, list.err).toBe(0);
    expect(list.out.trim().split('\n')).toEqual([
      `board ${board.boardId} ${board.name}: 2 person(s), 0 open invitation(s), 0 join request(s)`,
      `board mail to ${board.emails.join(',')} (the addresses of board create/update)`,
      `${bea}  ${address('bea', board.boardId)}  Bea de Beheerder  gebruikersbeheerder of board ${board.boardId}`,
      expect.stringMatching(
        new RegExp(
          `^${mo}  ${address('mo', board.boardId)}  Mo Medewerker  .*medewerker of school ${school.schoolId}`,
        ),
      ),
    ]);
    expect(list.out).toContain(`bestuurder of board ${board.boardId}`);

    const removed = await cli(
      'people',
      'remove',
      '--board',
      board.boardId,
      '--email',
      address('MO', board.boardId),
    );
    expect(removed.code, removed.err).toBe(0);
    expect(removed.out).toContain(`${address('mo', board.boardId)} removed from board ${board.boardId}:`);
    expect(await store.people.membershipsOf(mo)).toEqual([]);
    expect((await store.people.logOf(board.boardId)).at(-1)).toMatchObject({
      actor: 'operator',
      action: 'person_removed',
      subject: { sub: mo },
      after: [],
    });

    const last = await cli('people', 'remove', '--board', board.boardId, '--sub', bea);
    expect([last.code, last.err.trim()]).toEqual([
      1,
      'error: The board must keep at least one gebruikersbeheerder.',
    ]);
    expect(await store.people.membershipsOf(bea)).toHaveLength(1);
    const nobody = await cli('people', 'remove', '--board', board.boardId, '--sub', 'nobody-here');
    expect([nobody.code, nobody.err.trim()]).toEqual([2, 'error: This person has no role at this board.']);
    const stranger = await cli('people', 'remove', '--board', board.boardId, '--email', 'x@y.nl');
    expect([stranger.code, stranger.err.trim()]).toEqual([
      2,
      `error: x@y.nl has no role at board ${board.boardId}`,
    ]);
  }, 60_000);

  it('says so when the invitation mail did not go out, naming the invitation to withdraw', async () => {
    const board = await createBoard(store);
    const email = address('lost', board.boardId);
    const created: string[] = [];
    const access = {
      people: {
        services: () => ({
          directory: { ensureUser: async (e: string) => void created.push(e) },
          mailer: { send: async () => Promise.reject(new Error('SES is down')) },
          clock: fixedClock(new Date('2026-03-02T10:00:00+01:00')),
          log: { info: () => undefined, error: () => undefined },
          appUrl: APP,
        }),
      },
    };
    const command = parseCommand([
      'people',
      'invite',
      '--board',
      board.boardId,
      '--email',
      email,
      '--name',
      'L',
    ]);
    const failed = runCommand(store, command.command, new Date(), access);
    await expect(failed).rejects.not.toThrow(CommandError);
    const [invitation] = await store.people.invitationsOf(board.boardId);
    await expect(failed).rejects.toThrow(
      `invitation ${invitation?.invitationId} for ${email} is stored, but its mail did not go out; withdraw it with people withdraw --board ${board.boardId} --invitation ${invitation?.invitationId} and invite again`,
    );
    expect(created).toEqual([email]);
  });
});
