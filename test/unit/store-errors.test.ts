/**
 * The stores' typed errors: each conditional write turns exactly its expected failure into the store's own error
 * (a ConditionalCheckFailed, or a transaction cancelled only by the condition that means "done or changed by
 * someone else"), and passes every other failure through as it is; a transaction cancelled only by
 * TransactionConflict is tried three times. And the API's edge answers the version conflict as it always has.
 * Against a DynamoDB client whose calls a middleware answers, so no table is needed.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  ProvisionedThroughputExceededException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { apiHandler } from '../../functions/lib/api-handler.js';
import type { ApiResult } from '../../functions/lib/http.js';
import { dynamoStores } from '../../functions/lib/store/index.js';
import type { DeliveryRecord, TokenRecord } from '../../shared/model.js';
import { ConsentVersionConflictError } from '../../shared/store/consents.js';
import { DeliveryConflictError, DeliveryNotFoundError } from '../../shared/store/deliveries.js';
import { ExportExistsError } from '../../shared/store/exports.js';
import { ReminderAlreadyClaimedError } from '../../shared/store/reminders.js';
import { TokenExistsError, TokenNotRevocableError } from '../../shared/store/tokens.js';
import { apiEvent, lambdaContext } from '../support/events.js';
import { consentFixture } from '../support/fixtures.js';

/** Stores whose every call is answered by `fault` (an error to throw) or else succeeds; `calls` counts them. */
const answering = (fault: () => Error | undefined) => {
  const client = new DynamoDBClient({
    region: 'eu-west-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    maxAttempts: 1,
  });
  const seen = { calls: 0 };
  client.middlewareStack.add(
    () => async () => {
      seen.calls++;
      const err = fault();
      if (err) throw err;
      return { output: { $metadata: {} } as never, response: {} };
    },
    { step: 'initialize' },
  );
  return { stores: dynamoStores(client, 'msv-test'), seen };
};

const conditionFailed = () => new ConditionalCheckFailedException({ message: 'failed', $metadata: {} });
const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });
const throttled = () => new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: {} });

const consent = consentFixture({ version: 2 });
const write = { consent, previous: { ...consent, version: 1 } } as const;
const audit = {
  schoolId: consent.schoolId,
  schoolYear: consent.schoolYear,
  at: consent.updatedAt,
  actor: 'board:x',
  action: 'consent_changed',
  detail: { before: write.previous, after: consent },
} as const;
const record = { deliveryId: 'dlv_1', files: [] } as unknown as DeliveryRecord;
const claim = {
  boardId: '41234',
  occasion: { kind: 'digest', date: '2026-05-04' },
  claimedAt: '2026-05-04T07:00:00.000Z',
  expiresAt: 1,
  schools: 1,
} as const;
const token: TokenRecord = {
  tokenHash: 'a'.repeat(64),
  tokenId: 'a'.repeat(12),
  role: 'admin',
  schoolIds: [],
  boardId: null,
  label: 'x',
  createdAt: consent.updatedAt,
  revokedAt: null,
};

describe('the stores’ typed errors', () => {
  it('turn a failed condition into the reason it means, and only that', async () => {
    const lost = answering(conditionFailed).stores;
    await expect(lost.tokens.put(token)).rejects.toBeInstanceOf(TokenExistsError);
    await expect(lost.tokens.revoke(token.tokenHash, consent.updatedAt)).rejects.toBeInstanceOf(
      TokenNotRevocableError,
    );
    await expect(lost.reminders.claim(claim)).rejects.toBeInstanceOf(ReminderAlreadyClaimedError);
    await expect(
      lost.deliveries.markMailSent('22KC00', '2025-2026', consent.updatedAt),
    ).rejects.toBeInstanceOf(DeliveryNotFoundError);
    const slow = answering(throttled).stores;
    await expect(slow.reminders.claim(claim)).rejects.toBeInstanceOf(ProvisionedThroughputExceededException);
    await expect(slow.tokens.revoke(token.tokenHash, consent.updatedAt)).rejects.toBeInstanceOf(
      ProvisionedThroughputExceededException,
    );
  });

  it('take a transaction cancelled by the lock for a lost race, and no other cancellation', async () => {
    const err = await answering(() => cancelled('ConditionalCheckFailed', 'None'))
      .stores.consents.write({ ...write, audit })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConsentVersionConflictError);
    expect(err).toMatchObject({ schoolId: '22KC00', schoolYear: '2025-2026', currentVersion: undefined });
    expect((err as Error).cause).toBeInstanceOf(TransactionCanceledException);

    const exportsLost = answering(() => cancelled('ConditionalCheckFailed', 'None', 'None', 'None')).stores;
    const stored = {
      record: { exportId: 'exp_1', schoolId: '22KC00', schoolYear: '2025-2026' },
      summary: {},
    };
    await expect(
      exportsLost.exports.saveAccepted({ ...stored, aggregates: {}, audit } as never),
    ).rejects.toBeInstanceOf(ExportExistsError);
    // The consent (0) or the delivery record (1): lost; the reference's delete (2) has no condition of that
    // kind, and a lost race is never one with another reason in it.
    const outcomes: Array<[string[], new (...args: never[]) => Error]> = [
      [['ConditionalCheckFailed', 'None', 'None'], DeliveryConflictError],
      [['None', 'ConditionalCheckFailed', 'None'], DeliveryConflictError],
      [['None', 'None', 'ConditionalCheckFailed'], TransactionCanceledException],
      [['ConditionalCheckFailed', 'ThrottlingError', 'None'], TransactionCanceledException],
    ];
    for (const [codes, error] of outcomes)
      await expect(
        answering(() => cancelled(...codes)).stores.deliveries.markDelivered(consent, record),
        codes.join(),
      ).rejects.toBeInstanceOf(error);
  });

  it('try a transaction three times while it only conflicts with another', async () => {
    let left = 2;
    const passing = answering(() => (left-- > 0 ? cancelled('TransactionConflict', 'None') : undefined));
    await passing.stores.consents.write({ ...write, audit });
    expect(passing.seen.calls).toBe(3);
    const busy = answering(() => cancelled('TransactionConflict', 'None'));
    await expect(busy.stores.consents.write({ ...write, audit })).rejects.toBeInstanceOf(
      TransactionCanceledException,
    );
    expect(busy.seen.calls).toBe(3);
  });
});

describe("the API's answer to a version conflict", () => {
  const answer = async (err: Error) => {
    const handler = apiHandler(new Logger({ logLevel: 'SILENT' }), async () => {
      throw err;
    });
    const res = (await handler(apiEvent({ routeKey: 'GET /me' }), lambdaContext())) as ApiResult;
    return { status: res.statusCode, body: JSON.parse(String(res.body)) };
  };

  it('is the 409 the API has always given, worded for a lost write or a stale version', async () => {
    expect(await answer(new ConsentVersionConflictError('22KC00', '2025-2026'))).toEqual({
      status: 409,
      body: {
        code: 'version_conflict',
        message: 'The consent was changed by someone else in the meantime; reload it and try again.',
        messageNl:
          'De toestemming is intussen door iemand anders gewijzigd; laad haar opnieuw en probeer het nog eens.',
      },
    });
    expect(await answer(new ConsentVersionConflictError('22KC00', '2025-2026', 3))).toEqual({
      status: 409,
      body: {
        code: 'version_conflict',
        message: 'The consent was changed in the meantime; reload it and try again.',
        messageNl: 'De toestemming is intussen gewijzigd; laad haar opnieuw en probeer het nog eens.',
        currentVersion: 3,
      },
    });
    // Any other typed error of the stores is not the caller's to see: a 500 with the request id only.
    expect((await answer(new ExportExistsError('exp_1'))).body.code).toBe('internal_error');
  });
});
