/**
 * What deploys is what runs: every function of the synthesized templates, loaded from its own index.ts in a worker
 * whose environment is exactly its synthesized one (references resolved to the local stand-ins), called with a
 * representative event, every SDK call checked against its synthesized role policy by the local IAM proxy.
 * A school goes through the year: upload, overview, consent (schedule and mail), report, the schedule firing
 * (dispatcher, queue, worker), the delivery record and its download link, the reminders; its policy stated.
 */
import { readFileSync } from 'node:fs';
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { CreateScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoStores } from '../../functions/lib/store/index.js';
import { FUNCTION_NEEDS } from '../../functions/registry.js';
import { ensureTable } from '../../infra/local/bootstrap.js';
import { LOCAL_OVERRIDES, type LocalRuntime } from '../../infra/local/runtime.js';
import { ENV_NAMES } from '../../shared/config.js';
import type { School } from '../../shared/model.js';
import type { Stores } from '../../shared/store/stores.js';
import { keys } from '../../shared/table-design.js';
import { useLocalAws } from '../support/env.js';
import { apiEvent, authorizerEvent } from '../support/events.js';
import { administrationWith, createBoard, createSchool, createToken } from '../support/fixtures.js';
import { expectContract, startTestRuntime } from '../support/runtime.js';
import { mailsTo } from '../support/ses-store.js';

useLocalAws();

const YEAR = '2025-2026';
const DATE = '2026-03-03';
const CSV = readFileSync(new URL('../../events/exports/vo-excel-windows-1252.csv', import.meta.url));
let march: LocalRuntime;
let deliveryDay: LocalRuntime;
let store: Stores;
let school: School;
let board: Awaited<ReturnType<typeof createBoard>>;
let schoolToken: Awaited<ReturnType<typeof createToken>>;
let boardToken: Awaited<ReturnType<typeof createToken>>;
const invoked = new Set<string>();

type ApiOut = { statusCode: number; body: string; headers?: Record<string, string> };
/** Invokes a route's function with an API event; its answer must fit the route's contract. */
const call = async (rt: LocalRuntime, fn: string, event: { routeKey: string }) => {
  invoked.add(fn);
  const out = (await rt.invoke(fn, event)) as ApiOut;
  expectContract(event, out);
  return out;
};
const path = { schoolId: '', schoolYear: YEAR };

// A table of its own: the dispatcher reconciles every earlier date, and must not deliver other files' consents.
const TABLE = `msv-test-deployed-${Date.now().toString(36)}`;

beforeAll(async () => {
  await ensureTable(new DynamoDBClient({}), TABLE);
  store = dynamoStores(new DynamoDBClient({}), TABLE);
  board = await createBoard(store);
  school = await createSchool(store, board.boardId);
  path.schoolId = school.schoolId;
  schoolToken = await createToken(store, 'school', { schoolIds: [school.schoolId] });
  boardToken = await createToken(store, 'board', { boardId: board.boardId });
  [march, deliveryDay] = await Promise.all([
    startTestRuntime({ now: '2026-03-02T10:00:00+01:00', tableName: TABLE }),
    startTestRuntime({ now: `${DATE}T06:00:00+01:00`, tableName: TABLE }),
  ]);
}, 120_000);

afterAll(async () => {
  await Promise.allSettled([march?.stop(), deliveryDay?.stop()]);
});

describe('the synthesized functions, each with exactly its own environment', () => {
  it('are all in the templates, each with its synthesized environment and only the local overrides', () => {
    expect(march.shape.functions.map((f) => f.fn).sort()).toEqual(FUNCTION_NEEDS.map((n) => n.fn).sort());
    for (const f of march.shape.functions) {
      const env = march.environmentOf(f.fn);
      for (const [name, value] of Object.entries(f.environment)) {
        if (!(LOCAL_OVERRIDES as readonly string[]).includes(name))
          expect(env[name], `${f.fn} ${name}`).toBe(value);
      }
      // Only its own settings: nothing of another function's, nothing of this test process's.
      const msv = Object.keys(env).filter((k) => k.startsWith('MSV_'));
      const allowed = [...Object.keys(f.environment), ENV_NAMES.now, ENV_NAMES.stage, ENV_NAMES.logLevel];
      expect(allowed, f.fn).toEqual(expect.arrayContaining(msv));
      expect(env.AWS_ENDPOINT_URL_DYNAMODB).toBe(march.proxyEndpoint);
    }
    expect(march.environmentOf('consent')[ENV_NAMES.uploadBucket]).toBeUndefined();
  });

  it('authorizer, health, the OpenAPI document, me and instruments answer', { timeout: 60_000 }, async () => {
    const auth = (await march.invoke('authorizer', authorizerEvent(`Bearer ${schoolToken.token}`))) as {
      isAuthorized: boolean;
    };
    invoked.add('authorizer');
    expect(auth.isAuthorized).toBe(true);
    expect((await call(march, 'health', apiEvent({ routeKey: 'GET /health' }))).statusCode).toBe(200);
    expect((await call(march, 'openapi', apiEvent({ routeKey: 'GET /openapi.json' }))).statusCode).toBe(200);
    const me = await call(march, 'me', apiEvent({ routeKey: 'GET /me', principal: boardToken.principal }));
    expect(me.statusCode).toBe(200);
    expect(JSON.parse(me.body).today).toBe('2026-03-02');
    expect(
      (
        await call(
          march,
          'list-instruments',
          apiEvent({ routeKey: 'GET /instruments', principal: schoolToken.principal }),
        )
      ).statusCode,
    ).toBe(200);
  });

  it('upload, list, overview, consent with schedule and mail, report, board overview', {
    timeout: 90_000,
  }, async () => {
    const up = await call(
      march,
      'upload-export',
      apiEvent({
        routeKey: 'POST /schools/{schoolId}/years/{schoolYear}/exports',
        pathParameters: path,
        query: { instrument: 'msv-basis' },
        headers: { 'content-type': 'text/csv' },
        body: CSV,
        principal: schoolToken.principal,
      }),
    );
    expect(up.statusCode, up.body).toBe(201);
    const list = await call(
      march,
      'list-exports',
      apiEvent({
        routeKey: 'GET /schools/{schoolId}/years/{schoolYear}/exports',
        pathParameters: path,
        principal: schoolToken.principal,
      }),
    );
    expect(JSON.parse(list.body).exports).toHaveLength(1);
    const year = await call(
      march,
      'get-school-year',
      apiEvent({
        routeKey: 'GET /schools/{schoolId}/years/{schoolYear}',
        pathParameters: path,
        principal: schoolToken.principal,
      }),
    );
    expect(year.statusCode).toBe(200);

    const consentEvent = (method: 'GET' | 'PUT', body?: unknown) =>
      apiEvent({
        routeKey: `${method} /schools/{schoolId}/years/{schoolYear}/consent`,
        pathParameters: path,
        headers: { 'content-type': 'application/json' },
        body: body ? JSON.stringify(body) : undefined,
        principal: boardToken.principal,
      });
    const put = await call(
      march,
      'consent',
      consentEvent('PUT', {
        level: 'school',
        deliveryDate: DATE,
        administration: administrationWith([{ onderwijssoort: 'havo', leerjaar: 1, students: 30 }]),
      }),
    );
    expect(put.statusCode, put.body).toBe(201);
    expect(JSON.parse(put.body).mail).toBe('sent');
    expect(march.scheduler.list().map((s) => s.Name)).toContain(`msv-delivery-${DATE}`);
    expect((await mailsTo(board.emails[0] as string)).length).toBeGreaterThan(0);
    expect((await call(march, 'consent', consentEvent('GET'))).statusCode).toBe(200);

    const report = await call(
      march,
      'report',
      apiEvent({
        routeKey: 'GET /schools/{schoolId}/years/{schoolYear}/report',
        pathParameters: path,
        principal: schoolToken.principal,
      }),
    );
    expect(report.statusCode).toBe(200);
    expect(Buffer.from(report.body, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
    const overview = await call(
      march,
      'board-overview',
      apiEvent({
        routeKey: 'GET /boards/{boardId}/years/{schoolYear}',
        pathParameters: { boardId: board.boardId, schoolYear: YEAR },
        principal: boardToken.principal,
      }),
    );
    expect(overview.statusCode).toBe(200);
    const { principal: admin } = await createToken(store, 'admin');
    const people = await call(
      march,
      'people',
      apiEvent({
        routeKey: 'GET /boards/{boardId}/people',
        pathParameters: { boardId: board.boardId },
        principal: admin,
      }),
    );
    expect([people.statusCode, JSON.parse(people.body).people]).toEqual([200, []]);
    const policyEvent = (method: 'GET' | 'PUT', body?: unknown) =>
      apiEvent({
        routeKey: `${method} /schools/{schoolId}/policy`,
        pathParameters: { schoolId: school.schoolId },
        headers: { 'content-type': 'application/json' },
        body: body ? JSON.stringify(body) : undefined,
        principal: schoolToken.principal,
      });
    const policy = await call(march, 'school-policy', policyEvent('PUT', { protocols: ['pestprotocol'] }));
    expect(policy.statusCode, policy.body).toBe(201);
    expect(JSON.parse((await call(march, 'school-policy', policyEvent('GET'))).body).version).toBe(1);
  });

  it('on the delivery date: the schedule fires the dispatcher, the worker delivers, the record links the PDF', {
    timeout: 90_000,
  }, async () => {
    invoked.add('dispatch-deliveries').add('deliver-school');
    // The schedule the consent function created, fired as Scheduler would: with its role, by its target's ARN.
    const schedule = march.scheduler.list().find((x) => x.Name === `msv-delivery-${DATE}`);
    if (!schedule) throw new Error('no schedule');
    const scheduler = new SchedulerClient({
      endpoint: deliveryDay.scheduler.endpoint,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'operator', secretAccessKey: 'x' },
    });
    const { Name, GroupName, ScheduleExpression, ScheduleExpressionTimezone, Target } = schedule;
    const create = (name: string, arn: string) =>
      scheduler.send(
        new CreateScheduleCommand({
          Name: name,
          GroupName,
          ScheduleExpression,
          ScheduleExpressionTimezone,
          FlexibleTimeWindow: { Mode: 'OFF' },
          Target: { ...Target, Arn: arn },
        }),
      );
    await create(Name, Target.Arn);
    const out = (await deliveryDay.scheduler.fire(Name)) as { consents: number };
    expect(out.consents).toBeGreaterThanOrEqual(1);
    // The same role may invoke nothing but the dispatcher: a schedule aimed at another function is refused.
    const reminders = deliveryDay.shape.functions.find((f) => f.fn === 'send-reminders')?.functionArn;
    await create('misaimed', reminders as string);
    await expect(deliveryDay.scheduler.fire('misaimed')).rejects.toThrow(/may not invoke/);
    await deliveryDay.queue.drained();
    expect(deliveryDay.queue.deadLetters()).toEqual([]);
    const delivery = await call(
      deliveryDay,
      'get-delivery',
      apiEvent({
        routeKey: 'GET /schools/{schoolId}/years/{schoolYear}/delivery',
        pathParameters: path,
        principal: schoolToken.principal,
      }),
    );
    expect(delivery.statusCode, delivery.body).toBe(200);
    const { reportUrl } = JSON.parse(delivery.body) as { reportUrl: string };
    // The link is signed with get-delivery's own role, and the proxy checks it against that role's policy.
    expect(reportUrl.startsWith(deliveryDay.proxyEndpoint)).toBe(true);
    const pdf = await fetch(reportUrl);
    expect(pdf.status).toBe(200);
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
  });

  it('the reminders and the reconciliation run', { timeout: 60_000 }, async () => {
    invoked.add('send-reminders').add('reconcile-deliveries');
    const run = (await march.invoke('send-reminders', {})) as { kind: string };
    expect(run.kind).toBeDefined();
    // The day after: everything due was delivered, nothing to queue again.
    const reconciled = (await deliveryDay.invoke('reconcile-deliveries', {})) as { requeued: unknown[] };
    expect(reconciled.requeued).toEqual([]);
  });

  it('were every one of them called, and none was refused by IAM', () => {
    expect([...invoked].sort()).toEqual(march.shape.functions.map((f) => f.fn).sort());
    const denied = [...march.decisions(), ...deliveryDay.decisions()].filter((d) => !d.allowed);
    expect(denied).toEqual([]);
  });
});

describe('IAM, enforced locally as in AWS', () => {
  it('refuses the dispatcher a PutItem on a consent item', async () => {
    const env = march.environmentOf('dispatch-deliveries');
    const client = new DynamoDBClient({
      endpoint: march.proxyEndpoint,
      region: env.AWS_REGION,
      credentials: {
        accessKeyId: env.AWS_ACCESS_KEY_ID as string,
        secretAccessKey: env.AWS_SECRET_ACCESS_KEY as string,
        sessionToken: env.AWS_SESSION_TOKEN,
      },
      maxAttempts: 1,
    });
    const consent = keys.consent(school.schoolId, YEAR);
    const err = await client
      .send(
        new PutItemCommand({
          TableName: env.MSV_TABLE_NAME,
          Item: { pk: { S: consent.pk }, sk: { S: consent.sk }, status: { S: 'revoked' } },
        }),
      )
      .catch((e: unknown) => e as { name: string; $metadata: { httpStatusCode: number } });
    expect(err).toMatchObject({ name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 } });
    expect((await store.consents.get(school.schoolId, YEAR))?.status).not.toBe('revoked');
  });

  it('fails the upload with AccessDenied when upload-export loses its put below raw/', {
    timeout: 60_000,
  }, async () => {
    const narrowed = await startTestRuntime({
      now: '2026-03-02T10:00:00+01:00',
      tableName: TABLE,
      transformShape: (shape) => ({
        ...shape,
        functions: shape.functions.map((f) =>
          f.fn !== 'upload-export'
            ? f
            : {
                ...f,
                policies: f.policies.map((p) => ({
                  ...p,
                  Statement: p.Statement.filter((s) => !JSON.stringify(s.Action).includes('s3:PutObject')),
                })),
              },
        ),
      }),
    });
    try {
      const other = await createSchool(store, board.boardId);
      const res = (await narrowed.invoke(
        'upload-export',
        apiEvent({
          routeKey: 'POST /schools/{schoolId}/years/{schoolYear}/exports',
          pathParameters: { schoolId: other.schoolId, schoolYear: YEAR },
          query: { instrument: 'msv-basis' },
          headers: { 'content-type': 'text/csv' },
          body: CSV,
          principal: (await createToken(store, 'school', { schoolIds: [other.schoolId] })).principal,
        }),
      )) as ApiOut;
      expect(res.statusCode).toBe(500);
      const denied = narrowed.decisions().filter((d) => !d.allowed);
      expect(denied).toHaveLength(1);
      expect(denied[0]).toMatchObject({ principal: 'upload-export', service: 's3' });
      expect(denied[0]?.checks.map((c) => c.action)).toContain('s3:PutObject');
      // Nothing half-stored: the export was not recorded.
      expect(await store.exports.list(other.schoolId, YEAR)).toEqual([]);
    } finally {
      await narrowed.stop();
    }
  });
});
