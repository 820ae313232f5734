/**
 * The custom metrics as CloudWatch receives them: Powertools Metrics writes one embedded-metric-format (EMF) line
 * to stdout at the end of each invocation, and CloudWatch Logs turns it into metrics. These tests capture stdout
 * around real handler invocations (DynamoDB Local, s3rver, the local SES) and read those lines back.
 */
import { readFileSync } from 'node:fs';
import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SESClient } from '@aws-sdk/client-ses';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createConsentHandler } from '../../functions/consent/consent.js';
import type { ApiResult } from '../../functions/lib/http.js';
import { emfMetrics } from '../../functions/lib/metrics.js';
import { S3ObjectStore } from '../../functions/lib/s3-object-store.js';
import { SesMailer } from '../../functions/lib/ses-mailer.js';
import { dynamoStores } from '../../functions/lib/store/index.js';
import { createUploadExportHandler } from '../../functions/upload-export/upload-export.js';
import { fixedClock } from '../../shared/clock.js';
import { METRICS_NAMESPACE, METRICS_SERVICE } from '../../shared/metrics.js';
import type { Principal } from '../../shared/model.js';
import type { Mailer } from '../../shared/ports.js';
import type { Stores } from '../../shared/store/stores.js';
import { useLocalAws } from '../support/env.js';
import { apiEvent, lambdaContext } from '../support/events.js';
import { administrationWith, createBoard, createSchool, createToken } from '../support/fixtures.js';
import { RecordingScheduler } from '../support/recording-scheduler.js';

useLocalAws();

const YEAR = '2025-2026';
const clock = fixedClock('2026-03-02T10:00:00+01:00');
let store: Stores;
let objects: S3ObjectStore;

beforeAll(() => {
  store = dynamoStores(new DynamoDBClient({}), process.env.MSV_TABLE_NAME as string);
  objects = new S3ObjectStore(
    new S3Client({ forcePathStyle: true }),
    process.env.MSV_UPLOAD_BUCKET as string,
  );
});

/**
 * Every line written to stdout and stderr while a test runs (Powertools writes EMF and log lines there, not
 * through console.log). The JSON lines are kept back; anything else (the test runner's own output) goes through.
 */
let stdout: string[] = [];
beforeEach(() => {
  stdout = [];
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream);
    vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array, ...rest: unknown[]) => {
      stdout.push(...String(chunk).split('\n').filter(Boolean));
      return String(chunk).startsWith('{') ? true : write(chunk, ...(rest as []));
    });
  }
});
afterEach(() => vi.restoreAllMocks());

type Emf = Record<string, unknown> & {
  _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string }[] }[] };
};
/** The EMF lines captured so far. */
const emfLines = (): Emf[] =>
  stdout
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .filter((l): l is Emf => '_aws' in l);
/** The counts in the EMF lines, by metric name (a metric counted twice in one invocation is summed). */
const counts = (lines: Emf[] = emfLines()): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const line of lines) {
    for (const m of line._aws.CloudWatchMetrics.flatMap((d) => d.Metrics)) {
      const v = line[m.Name] as number | number[];
      out[m.Name] = (out[m.Name] ?? 0) + (Array.isArray(v) ? v.reduce((a, b) => a + b, 0) : v);
    }
  }
  return out;
};

/** A logger as the wiring builds it, at WARN: the test sees Powertools' own warnings too. */
const logger = () => new Logger({ serviceName: 'msv', logLevel: 'WARN' });

const sample = (name: string) => readFileSync(new URL(`../../events/exports/${name}`, import.meta.url));

const uploadAs = async (principal: Principal, schoolId: string, file: string) => {
  const log = logger();
  const handler = createUploadExportHandler({
    config: { minGroupSize: 5, maxRows: 100_000, maxUploadBytes: 5 * 1024 * 1024, maxSchoolsPerUpload: 200 },
    logger: log,
    clock,
    store,
    objects,
    mailer: new SesMailer(new SESClient({}), 'msv@example.nl', undefined),
    metrics: emfMetrics(log),
  });
  return (await handler(
    apiEvent({
      routeKey: 'POST /schools/{schoolId}/years/{schoolYear}/exports',
      pathParameters: { schoolId, schoolYear: YEAR },
      query: { instrument: 'msv-basis' },
      headers: { 'content-type': 'application/octet-stream' },
      body: sample(file),
      principal,
    }),
    lambdaContext(),
  )) as ApiResult;
};

describe('upload-export metrics', () => {
  it('counts an accepted export in one EMF line, namespace msv, dimension service msv', async () => {
    const board = await createBoard(store);
    const school = await createSchool(store, board.boardId);
    const { principal } = await createToken(store, 'school', { schoolIds: [school.schoolId] });
    expect((await uploadAs(principal, school.schoolId, 'vo-excel-windows-1252.csv')).statusCode).toBe(201);

    const lines = emfLines();
    expect(lines).toHaveLength(1);
    const [line] = lines as [Emf];
    expect(line._aws.CloudWatchMetrics).toEqual([
      {
        Namespace: METRICS_NAMESPACE,
        Dimensions: [['service']],
        Metrics: [{ Name: 'ExportsAccepted', Unit: 'Count' }],
      },
    ]);
    expect(line).toMatchObject({ service: METRICS_SERVICE, ExportsAccepted: 1 });

    // The same bytes again are accepted too (200, unchanged).
    expect((await uploadAs(principal, school.schoolId, 'vo-excel-windows-1252.csv')).statusCode).toBe(200);
    expect(counts()).toEqual({ ExportsAccepted: 2 });
  });

  it('counts a rejected export', async () => {
    const board = await createBoard(store);
    const school = await createSchool(store, board.boardId);
    const { principal } = await createToken(store, 'school', { schoolIds: [school.schoolId] });
    expect((await uploadAs(principal, school.schoolId, 'vo-wrong-answers.csv')).statusCode).toBe(422);
    expect(counts()).toEqual({ ExportsRejected: 1 });
  });

  it('writes no EMF line and no warning for a request that counted nothing (403)', async () => {
    const board = await createBoard(store);
    const school = await createSchool(store, board.boardId);
    const { principal } = await createToken(store, 'school', { schoolIds: ['99ZZ99'] });
    expect((await uploadAs(principal, school.schoolId, 'vo-excel-windows-1252.csv')).statusCode).toBe(403);
    expect(emfLines()).toEqual([]);
    expect(stdout.filter((l) => l.includes('"level":"WARN"'))).toEqual([]);
  });
});

describe('consent metrics', () => {
  const failingMailer: Mailer = {
    send: async () => {
      throw new Error('SES is down');
    },
  };

  it('counts consents given, changed and revoked, and a mail that failed after its retries', async () => {
    const board = await createBoard(store);
    const school = await createSchool(store, board.boardId);
    const schoolToken = await createToken(store, 'school', { schoolIds: [school.schoolId] });
    expect(
      (await uploadAs(schoolToken.principal, school.schoolId, 'vo-excel-windows-1252.csv')).statusCode,
    ).toBe(201);
    const boardToken = await createToken(store, 'board', { boardId: board.boardId });
    const consent = async (method: 'PUT' | 'DELETE', deliveryDate: string, mailer: Mailer) => {
      const log = logger();
      const handler = createConsentHandler({
        config: { lowResponsePercent: 50 },
        logger: log,
        clock,
        store,
        scheduler: new RecordingScheduler(),
        mailer,
        metrics: emfMetrics(log),
      });
      stdout = [];
      const res = (await handler(
        apiEvent({
          routeKey: `${method} /schools/{schoolId}/years/{schoolYear}/consent`,
          pathParameters: { schoolId: school.schoolId, schoolYear: YEAR },
          principal: boardToken.principal,
          headers: { 'content-type': 'application/json' },
          body:
            method === 'PUT'
              ? JSON.stringify({
                  level: 'school',
                  deliveryDate,
                  administration: administrationWith([{ onderwijssoort: 'havo', leerjaar: 1, students: 30 }]),
                })
              : undefined,
        }),
        lambdaContext(),
      )) as ApiResult;
      return { status: res.statusCode, counts: counts() };
    };
    const mailer = new SesMailer(new SESClient({}), 'msv@example.nl', undefined);

    // Given while SES fails: the consent stands, and the failed mail is counted once (after three attempts).
    expect(await consent('PUT', '2026-06-15', failingMailer)).toEqual({
      status: 201,
      counts: { ConsentsGiven: 1, MailsFailed: 1 },
    });
    expect(await consent('PUT', '2026-06-16', mailer)).toEqual({
      status: 200,
      counts: { ConsentsChanged: 1 },
    });
    expect(await consent('DELETE', '2026-06-16', mailer)).toEqual({
      status: 200,
      counts: { ConsentsRevoked: 1 },
    });
  });
});
