/**
 * Correlation in the logs: every function's lines carry its own request id (`function_request_id`, the logger's
 * Lambda context), and the delivery worker's lines for a job carry, as `correlation_id`, the request id of the
 * dispatcher run that queued it. The log lines are read back from stdout as CloudWatch Logs would receive them.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Context, SQSEvent } from 'aws-lambda';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAuthorizer } from '../../functions/authorizer/authorizer.js';
import { createDeliverSchoolHandler } from '../../functions/deliver-school/deliver-school.js';
import { createDispatchHandler } from '../../functions/dispatch-deliveries/dispatch-deliveries.js';
import { dynamoStores } from '../../functions/lib/store/index.js';
import { fixedClock } from '../../shared/clock.js';
import type { Consent } from '../../shared/model.js';
import type { DeliveryJobMessage } from '../../shared/ports.js';
import type { Stores } from '../../shared/store/stores.js';
import { useLocalAws } from '../support/env.js';
import { authorizerEvent, lambdaContext } from '../support/events.js';
import { storeFirstConsent, storeSeeing, uniqueSchoolId } from '../support/fixtures.js';

useLocalAws();
let store: Stores;
beforeAll(() => {
  store = dynamoStores(new DynamoDBClient({}), process.env.MSV_TABLE_NAME as string);
});

/** The JSON lines written to stdout and stderr while a test runs; anything else goes through. */
let lines: Record<string, unknown>[] = [];
beforeEach(() => {
  lines = [];
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream);
    vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array, ...rest: unknown[]) => {
      const text = String(chunk);
      if (!text.startsWith('{')) return write(chunk, ...(rest as []));
      for (const l of text.split('\n').filter(Boolean)) lines.push(JSON.parse(l) as Record<string, unknown>);
      return true;
    });
  }
});
afterEach(() => vi.restoreAllMocks());

const logger = () => new Logger({ serviceName: 'msv', logLevel: 'INFO' });
const contextWith = (awsRequestId: string): Context => ({ ...lambdaContext(), awsRequestId });
const DATE = '2026-06-24';
const clock = fixedClock(`${DATE}T06:00:00+02:00`);

const consentOn = (schoolId: string): Consent => ({
  schoolId,
  schoolYear: '2025-2026',
  status: 'active',
  level: 'school',
  deliveryDate: DATE,
  exportId: 'exp_x',
  administration: {
    surveyedLeerjaren: [1],
    period: { from: '2026-01-01', to: '2026-01-31' },
    mode: 'online',
    anonymous: true,
    supervision: 'geen',
    studentCounts: [{ leerjaar: 1, students: 10 }],
  },
  updatedBy: 'school:x',
  updatedAt: '2026-03-01T10:00:00.000Z',
  givenAt: '2026-03-01T10:00:00.000Z',
  version: 1,
});

/** The worker, seeing no consent for any school: each job is done (skipped) without touching anything else. */
const worker = () =>
  createDeliverSchoolHandler({
    config: { lowResponsePercent: 50, deliveryPrefix: 'deliveries', deliveryBucket: 'b' },
    logger: logger(),
    clock,
    store: { ...store, consents: { get: async () => undefined, listOn: async () => [] } },
    deliveries: { put: async () => undefined } as never,
    mailer: { send: async () => undefined },
  });

const sqsEvent = (bodies: unknown[]): SQSEvent =>
  ({
    Records: bodies.map((body, i) => ({ messageId: `msg-${i + 1}`, body: JSON.stringify(body) })),
  }) as SQSEvent;

describe('correlation in the logs', () => {
  it("carries the dispatcher's request id into every worker line of the jobs it queued", async () => {
    const schoolId = uniqueSchoolId();
    const consent = consentOn(schoolId);
    await storeFirstConsent(store, consent, 'school:x');
    const sent: DeliveryJobMessage[] = [];
    const dispatch = createDispatchHandler({
      logger: logger(),
      clock,
      store: storeSeeing(store, () => [schoolId]),
      queue: { send: async (jobs) => void sent.push(...jobs) },
      config: { deliveryTime: '06:00:00' },
    });
    await dispatch({ deliveryDate: DATE }, contextWith('dispatch-run-1'));
    const job = sent.find((j) => j.schoolId === schoolId);
    expect(job?.correlationId).toBe('dispatch-run-1');
    expect(lines.find((l) => l.message === 'delivery dispatcher ran')).toMatchObject({
      function_request_id: 'dispatch-run-1',
    });

    // One batch: the dispatcher's job, one from another run, and one queued before jobs had a correlation id.
    lines = [];
    const out = await worker()(
      sqsEvent([job, { ...job, correlationId: 'other-run' }, { ...job, correlationId: undefined }]),
      contextWith('worker-invocation-1'),
    );
    expect(out).toEqual({ batchItemFailures: [] });
    const done = lines.filter((l) => l.message === 'delivery job done');
    expect(done).toHaveLength(3);
    expect(done[0]).toMatchObject({
      correlation_id: 'dispatch-run-1',
      function_request_id: 'worker-invocation-1',
      messageId: 'msg-1',
      schoolId,
      outcome: 'skipped',
    });
    // Each job's lines name its own run, never the previous job's.
    expect(done[1]).toMatchObject({ correlation_id: 'other-run', messageId: 'msg-2' });
    expect(done[2]).toMatchObject({ function_request_id: 'worker-invocation-1', messageId: 'msg-3' });
    expect(done[2]).not.toHaveProperty('correlation_id');
  });

  it('names the failing job and its run on the error line', async () => {
    const out = await worker()(
      sqsEvent([{ schoolId: 'nonsense', correlationId: 'run-x' }]),
      contextWith('worker-invocation-2'),
    );
    expect(out).toEqual({ batchItemFailures: [{ itemIdentifier: 'msg-1' }] });
    expect(lines.find((l) => l.message === 'delivery job failed')).toMatchObject({
      function_request_id: 'worker-invocation-2',
      messageId: 'msg-1',
    });
  });

  it("logs the authorizer's lines under its own request id", async () => {
    const authorize = createAuthorizer({
      store: {
        tokens: { get: async () => undefined },
        people: { membershipsOf: async () => [] },
      },
      peopleTokens: { verify: async () => Promise.reject(new Error('no person in this test')) },
      logger: logger(),
    });
    expect(
      await authorize(authorizerEvent('Bearer msv_school_unknown'), contextWith('authorizer-1')),
    ).toEqual({
      isAuthorized: false,
    });
    expect(lines.find((l) => l.message === 'token refused')).toMatchObject({
      function_request_id: 'authorizer-1',
    });
  });
});
