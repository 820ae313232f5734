/**
 * `npm start` as a newcomer runs it: a child process with its own data directory and port. It must come up,
 * seed the demo, answer through the real gateway, keep data across a restart, and leave no JVM behind.
 */
import { type ChildProcess, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { afterAll, describe, expect, it } from 'vitest';
import { subjectOf } from '../../infra/local/oidc/accounts.js';
import { createTokenVerifier } from '../../infra/local/oidc/verify.js';
import { isPortFree } from '../../infra/local/ports.js';
import { webConfigSchema } from '../../shared/http/web-config.js';
import { canListListeners, isLoopback, listenersOf } from '../support/listeners.js';
import { demoConsentBody, startLocalStack, stopLocalStacks } from '../support/local-stack.js';
import { signInAs } from '../support/people.js';

const dir = mkdtempSync(join(tmpdir(), 'msv-start-'));
const consentBody = demoConsentBody('2026-05-12');
const children: ChildProcess[] = [];

const start = (env: Record<string, string> = {}) => {
  // A fixed "now" inside the school year, so the consent dates below stay valid whenever the test runs.
  const run = startLocalStack(dir, { MSV_NOW: '2026-03-02T10:00:00+01:00', ...env });
  children.push(run.child);
  return run;
};

afterAll(() => stopLocalStacks(children));

/** Whether something answers a TCP connect at `host`:`port` (false when refused or unreachable). */
const answers = (host: string, port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect({ host, port, timeout: 2000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });

/** This machine's addresses other than loopback, where nothing of npm start may answer. */
const outsideAddresses = () =>
  Object.values(networkInterfaces())
    .flat()
    .filter((i) => i !== undefined && !i.internal && !i.address.startsWith('fe80:'))
    .map((i) => (i as { address: string }).address);

describe('npm start', () => {
  it('comes up, serves the API with the demo tokens, persists across a restart and stops cleanly', async () => {
    const first = start({ PORT: '0' });
    const info = await first.ready();
    expect(Object.keys(info)).toEqual(
      expect.arrayContaining(['apiUrl', 'sesUrl', 's3Endpoint', 'dynamodbEndpoint', 'tokens']),
    );
    const api = info.apiUrl;
    expect((await fetch(`${api}/health`)).status).toBe(200);
    // The banner says where the tokens are, and prints none of them.
    expect(first.output()).toContain(`tokens         in ${join(dir, 'stack.json')} (tokens.school22KC00,`);
    for (const token of Object.values(info.tokens)) expect(first.output()).not.toContain(token);

    // Every stand-in listens on 127.0.0.1 only: the gateway, DynamoDB Local (a JVM), s3rver, the local SES,
    // the scheduler and queue stand-ins and the IAM proxy. Nothing answers on this machine's other addresses.
    const ports = [
      info.apiUrl,
      info.sesUrl,
      info.s3Endpoint,
      info.dynamodbEndpoint,
      info.schedulerEndpoint,
      info.functionsEndpoint,
      info.signIn.issuer,
    ].map((url) => Number(new URL(url).port));
    for (const port of ports) expect(await answers('127.0.0.1', port), String(port)).toBe(true);
    for (const address of outsideAddresses()) {
      for (const port of ports) expect(await answers(address, port), `${address}:${port}`).toBe(false);
    }
    if (canListListeners()) {
      const listeners = listenersOf(first.child.pid as number);
      expect(listeners.map((l) => l.port)).toEqual(expect.arrayContaining(ports));
      expect(listeners.filter((l) => !isLoopback(l.address))).toEqual([]);
    }
    expect((await fetch(`${api}/instruments`)).status).toBe(401);
    expect(
      (
        await fetch(`${api}/instruments`, {
          headers: { authorization: 'Bearer msv_school_bogus-bogus-bogus' },
        })
      ).status,
    ).toBe(403);

    const upload = await fetch(`${api}/schools/22KC00/years/2025-2026/exports?instrument=msv-basis`, {
      method: 'POST',
      headers: { authorization: `Bearer ${info.tokens.school22KC00}`, 'content-type': 'text/csv' },
      body: readFileSync(new URL('../../events/exports/vo-excel-windows-1252.csv', import.meta.url)),
    });
    expect(upload.status).toBe(201);
    const { exportId } = (await upload.json()) as { exportId: string };
    const foreign = await fetch(`${api}/schools/22KC00/years/2025-2026/exports`, {
      headers: { authorization: `Bearer ${info.tokens.school12AB00}` },
    });
    expect(foreign.status).toBe(403);

    // Consent with the demo board token: a mail on the local SES page and a schedule the admin CLI lists.
    const consent = await fetch(`${api}/schools/22KC00/years/2025-2026/consent`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${info.tokens.board41234}`, 'content-type': 'application/json' },
      body: JSON.stringify(consentBody),
    });
    expect(consent.status).toBe(201);
    const store = (await (await fetch(`${info.sesUrl}/store`)).json()) as {
      emails: Array<{ subject: string }>;
    };
    expect(store.emails.map((m) => m.subject)).toEqual([expect.stringContaining('Toestemming gegeven')]);
    const admin = (...args: string[]) =>
      execFileSync(process.execPath, ['--import', 'tsx', 'infra/admin/cli.ts', ...args], {
        env: { ...process.env, MSV_LOCAL_DIR: dir },
        encoding: 'utf8',
      });
    expect(admin('schedules', 'list')).toContain('msv-delivery-2026-05-12');
    const revoked = await fetch(`${api}/schools/22KC00/years/2025-2026/consent`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${info.tokens.board41234}` },
    });
    expect(revoked.status).toBe(200);
    expect(admin('schedules', 'list')).toContain('no schedules');
    const after = (await (await fetch(`${info.sesUrl}/store`)).json()) as {
      emails: Array<{ subject: string }>;
    };
    expect(after.emails.at(-1)?.subject).toContain('ingetrokken');

    // Consent for tomorrow; firing it by hand today is refused.
    const tomorrow = await fetch(`${api}/schools/22KC00/years/2025-2026/consent`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${info.tokens.board41234}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ...consentBody, deliveryDate: '2026-03-03' }),
    });
    expect(tomorrow.status).toBe(201);
    expect(() => admin('schedules', 'fire', 'msv-delivery-2026-03-03')).toThrow(/has not begun/);
    const ddbPort = Number(new URL(info.dynamodbEndpoint).port);
    first.child.kill('SIGINT');
    expect(await first.exited).toBe(0);
    expect(await isPortFree(ddbPort)).toBe(true);
    expect(existsSync(join(dir, 'dynamodb.pid'))).toBe(false);

    // Same data directory, one day later: the export and the demo tokens survive, and the schedule that is now
    // due fires by itself: the delivery lands in the local delivery bucket and the board gets a confirmation.
    const second = start({ MSV_NOW: '2026-03-03T07:00:00+01:00' });
    const again = await second.ready();
    for (const token of Object.values(again.tokens)) expect(second.output()).not.toContain(token);
    let delivered: Array<{ subject: string }> = [];
    for (let i = 0; i < 100 && delivered.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 200));
      const mails = (await (await fetch(`${again.sesUrl}/store`)).json()) as {
        emails: Array<{ subject: string }>;
      };
      delivered = mails.emails.filter((m) => m.subject.startsWith('Geleverd'));
    }
    expect(delivered, second.output()).toHaveLength(1);
    const s3 = new S3Client({
      endpoint: again.s3Endpoint,
      region: 'eu-west-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    const listed = await s3.send(
      new ListObjectsV2Command({ Bucket: again.deliveryBucket, Prefix: 'deliveries/2025-2026/22KC00/' }),
    );
    expect(listed.Contents?.map((o) => o.Key?.split('/').pop()).sort()).toEqual([
      'data.json',
      'manifest.json',
      'report.pdf',
    ]);
    expect(again.tokens.school22KC00).toBe(info.tokens.school22KC00);
    const list = await fetch(`${again.apiUrl}/schools/22KC00/years/2025-2026/exports`, {
      headers: { authorization: `Bearer ${again.tokens.school22KC00}` },
    });
    expect(((await list.json()) as { currentExportId: string }).currentExportId).toBe(exportId);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  }, 120_000);

  it('runs the local OpenID provider: stack.json names it and the demo people, who sign in as themselves', async () => {
    // A data directory of its own: ready() reads that directory's stack.json.
    const run = startLocalStack(mkdtempSync(join(tmpdir(), 'msv-people-')), {
      MSV_NOW: '2026-03-02T10:00:00+01:00',
    });
    children.push(run.child);
    const info = await run.ready();
    expect(run.output()).toContain(`sign-in        ${info.signIn.issuer}`);
    expect(info.signIn).toMatchObject({
      issuer: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
      clientId: 'msv-local-web',
      redirectUri: `${info.apiUrl}/`,
      scope: 'openid email profile',
      userPoolId: 'eu-west-1_msvlocal',
      adminEndpoint: info.signIn.issuer,
    });
    expect(run.output()).toContain(
      `user pool      eu-west-1_msvlocal  (Cognito's admin API at ${info.signIn.issuer}`,
    );
    expect(info.signIn.people).toEqual(
      expect.arrayContaining([
        {
          email: 'beheer@voorbeeldscholen.nl',
          name: 'Bea de Beheerder',
          role: 'gebruikersbeheerder',
          boardId: '41234',
        },
        {
          email: 'directie@voorbeeldcollege.nl',
          name: 'Sanne Schoolleider',
          role: 'schoolleider',
          boardId: '41234',
          schoolId: '22KC00',
        },
      ]),
    );

    // config.json: the API and the provider's endpoints, which are those its discovery document names.
    const config = await fetch(`${info.apiUrl}/config.json`);
    const web = webConfigSchema.parse(await config.json());
    const discovery = (await (
      await fetch(`${info.signIn.issuer}/.well-known/openid-configuration`)
    ).json()) as Record<string, string>;
    expect(web).toEqual({
      apiUrl: info.apiUrl,
      signIn: {
        issuer: discovery.issuer,
        clientId: info.signIn.clientId,
        authorizationEndpoint: discovery.authorization_endpoint,
        tokenEndpoint: discovery.token_endpoint,
        revocationEndpoint: discovery.revocation_endpoint,
        logoutEndpoint: `${info.signIn.issuer}/logout`,
        scope: 'openid email profile',
      },
    });
    // The app may fetch the provider's token endpoint, and the provider answers its origin's preflight.
    expect(config.headers.get('content-security-policy')).toContain(
      `connect-src 'self' ${info.signIn.issuer}`,
    );
    const preflight = await fetch(web.signIn.tokenEndpoint, {
      method: 'OPTIONS',
      headers: { origin: info.apiUrl, 'access-control-request-method': 'POST' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBe(info.apiUrl);

    // A demo person signs in (the code from the local mail page) and gets an ID token the API's verifier accepts.
    const person = await signInAs(info, 'directie@voorbeeldcollege.nl');
    expect(person.sub).toBe(subjectOf('directie@voorbeeldcollege.nl'));
    const verifier = createTokenVerifier({ issuer: info.signIn.issuer, clientId: info.signIn.clientId });
    expect(await verifier.verifyIdToken(person.idToken)).toMatchObject({
      name: 'Sanne Schoolleider',
      token_use: 'id',
    });

    // The demo people are users of the local pool; anyone else signs in once created, as an invitation does.
    const pool = new CognitoIdentityProviderClient({
      endpoint: info.signIn.adminEndpoint,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const demo = await pool.send(
      new AdminGetUserCommand({ UserPoolId: info.signIn.userPoolId, Username: 'beheer@voorbeeldscholen.nl' }),
    );
    expect(demo.Username).toBe(subjectOf('beheer@voorbeeldscholen.nl'));
    const invited = 'nieuw@voorbeeldcollege.nl';
    await expect(signInAs(info, invited)).rejects.toThrow(/no sign-in code was mailed/);
    await pool.send(
      new AdminCreateUserCommand({
        UserPoolId: info.signIn.userPoolId,
        Username: invited,
        MessageAction: 'SUPPRESS',
        UserAttributes: [
          { Name: 'email', Value: invited },
          { Name: 'email_verified', Value: 'true' },
          { Name: 'name', Value: 'Nina Nieuw' },
        ],
      }),
    );
    expect((await signInAs(info, invited)).sub).toBe(subjectOf(invited));
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
  }, 120_000);

  it('says in one sentence what to install when Java is missing', async () => {
    const run = start({ PATH: '/nonexistent', MSV_LOCAL_DIR: mkdtempSync(join(tmpdir(), 'msv-nojava-')) });
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain('Java 17 or newer is required for DynamoDB Local: install it');
  }, 60_000);
});
