import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDispatchHandler } from '../../functions/dispatch-deliveries/dispatch-deliveries.js';
import { dynamoStores } from '../../functions/lib/store/index.js';
import { fixedClock } from '../../shared/clock.js';
import type { Consent } from '../../shared/model.js';
import type { DeliveryJobMessage } from '../../shared/ports.js';
import type { Stores } from '../../shared/store/stores.js';
import { keys } from '../../shared/table-design.js';
import { useLocalAws } from '../support/env.js';
import { lambdaContext } from '../support/events.js';
import { storeFirstConsent, storeSeeing, uniqueSchoolId } from '../support/fixtures.js';

useLocalAws();
let store: Stores;
beforeAll(() => {
  store = dynamoStores(new DynamoDBClient({}), process.env.MSV_TABLE_NAME as string);
});

const consentOn = (schoolId: string, deliveryDate: string): Consent => ({
  schoolId,
  schoolYear: '2025-2026',
  status: 'active',
  level: 'school',
  deliveryDate,
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

describe('delivery dispatcher', () => {
  it('finds the consents of its date through the per-date references and records that it ran', async () => {
    const date = '2026-06-23';
    const schoolIds = [uniqueSchoolId(), uniqueSchoolId()];
    for (const schoolId of schoolIds) {
      const consent = consentOn(schoolId, date);
      await storeFirstConsent(store, consent, 'school:x');
    }
    const sent: DeliveryJobMessage[] = [];
    const handler = createDispatchHandler({
      logger: new Logger({ serviceName: 'msv-test', logLevel: 'SILENT' }),
      clock: fixedClock('2026-06-23T06:00:00+02:00'),
      store: storeSeeing(store, () => schoolIds),
      queue: { send: async (jobs) => void sent.push(...jobs) },
      config: { deliveryTime: '06:00:00' },
    });
    const dispatch = (event: unknown) => handler(event, lambdaContext());
    expect(await dispatch({ deliveryDate: date })).toEqual({
      deliveryDate: date,
      consents: 2,
      reconciled: [],
    });
    expect(sent.every((j) => j.correlationId === 'test-request')).toBe(true);
    expect(sent.map((j) => j.deliveryDate)).toEqual([date, date]);
    expect(new Set(sent.map((j) => j.schoolId)).size).toBe(2);
    // A date without consents does nothing; a fire before the date has begun (by hand) is refused.
    expect(await dispatch({ deliveryDate: '2026-06-22' })).toEqual({
      deliveryDate: '2026-06-22',
      consents: 0,
      reconciled: [],
    });
    await expect(dispatch({ deliveryDate: '2026-06-24' })).rejects.toMatchObject({
      code: 'delivery_not_due',
    });
    expect(sent).toHaveLength(2);
    expect(await store.dispatches.list(date)).toEqual([
      { deliveryDate: date, at: '2026-06-23T04:00:00.000Z', consents: 2 },
    ]);
    await expect(dispatch({ deliveryDate: 'tomorrow' })).rejects.toThrow();
  });

  it('reads a stored reference with damaged ids as strings, for the dispatcher to report apart', async () => {
    const date = '2026-06-25';
    const good = uniqueSchoolId();
    await storeFirstConsent(store, consentOn(good, date), 'school:x');
    // A reference item as a bug or a hand edit could leave it: a number for a school id, no school year.
    const key = keys.deliveryRef(date, 'BROKEN', 'x');
    await new DynamoDBClient({}).send(
      new PutItemCommand({
        TableName: process.env.MSV_TABLE_NAME as string,
        Item: { pk: { S: key.pk }, sk: { S: key.sk }, schoolId: { N: '12345' } },
      }),
    );
    const refs = await store.consents.listOn(date);
    expect(refs).toContainEqual({ schoolId: good, schoolYear: '2025-2026' });
    expect(refs).toContainEqual({ schoolId: '12345', schoolYear: 'undefined' });
  });

  it('queues the valid jobs of a date and fails loudly about a damaged reference; refuses impossible dates', async () => {
    const date = '2026-06-24';
    const good = uniqueSchoolId();
    const consent = consentOn(good, date);
    await storeFirstConsent(store, consent, 'school:x');
    const seeing = storeSeeing(store, () => [good]);
    const damaged = {
      ...seeing,
      consents: {
        listOn: async (d: string) => [
          ...(await seeing.consents.listOn(d)),
          { schoolId: '22kc01', schoolYear: '2025-2026' },
        ],
      },
    };
    const sent: DeliveryJobMessage[] = [];
    const handler = createDispatchHandler({
      logger: new Logger({ serviceName: 'msv-test', logLevel: 'SILENT' }),
      clock: fixedClock('2026-06-24T06:00:00+02:00'),
      store: damaged,
      queue: { send: async (jobs) => void sent.push(...jobs) },
      config: { deliveryTime: '06:00:00' },
    });
    await expect(handler({ deliveryDate: date }, lambdaContext())).rejects.toThrow(/make no valid job/);
    expect(sent.filter((j) => j.deliveryDate === date).map((j) => j.schoolId)).toEqual([good]);
    await expect(handler({ deliveryDate: '2026-02-30' }, lambdaContext())).rejects.toThrow();
  });
});
