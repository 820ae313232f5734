/**
 * The reconciliation against DynamoDB Local: an active consent whose date's schedule passed more than the grace
 * period ago is queued again; one within it, a future one and a delivered one are not.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { dynamoStores } from '../../functions/lib/store/index.js';
import { fixedClock } from '../../shared/clock.js';
import { datesSincePreviousYear, reconcileDeliveries } from '../../shared/delivery/reconcile.js';
import type { DeliveryJobMessage } from '../../shared/ports.js';
import type { Stores } from '../../shared/store/stores.js';
import { seedConsentedSchools } from '../support/consented-schools.js';
import { useLocalAws } from '../support/env.js';
import { storeSeeing } from '../support/fixtures.js';

useLocalAws();
const YEAR = '2025-2026';
let store: Stores;
let lost: string[];
let today: string[];

beforeAll(async () => {
  store = dynamoStores(new DynamoDBClient({}), process.env.MSV_TABLE_NAME as string);
  lost = await seedConsentedSchools(store, {
    count: 3,
    deliveryDate: '2025-11-04',
    schoolYear: YEAR,
    series: 70,
  });
  today = await seedConsentedSchools(store, {
    count: 2,
    deliveryDate: '2026-06-16',
    schoolYear: YEAR,
    series: 71,
  });
});

const run = async (at: string) => {
  const sent: DeliveryJobMessage[] = [];
  const out = await reconcileDeliveries(
    {
      store: storeSeeing(store, () => [...lost, ...today]),
      queue: { send: async (jobs) => void sent.push(...jobs) },
      clock: fixedClock(at),
      deliveryTime: '06:00:00',
    },
    { graceMinutes: 60, correlationId: 'run-1' },
  );
  return { out, sent };
};

describe('reconcileDeliveries', () => {
  it('queues again the consents of a past date that were never delivered, with the run as correlation', async () => {
    const { out, sent } = await run('2026-06-16T06:30:00+02:00');
    expect(out.requeued).toEqual([{ deliveryDate: '2025-11-04', schools: 3 }]);
    expect(sent.map((j) => j.schoolId).sort()).toEqual([...lost].sort());
    expect(sent.every((j) => j.deliveryDate === '2025-11-04' && j.correlationId === 'run-1')).toBe(true);
    // Every day from 1 August of the previous school year, up to today.
    expect(out.checked).toBe(datesSincePreviousYear('2026-06-16').length - 1);
  });

  it("leaves today's date to its schedule for the grace hour, then steps in", async () => {
    expect((await run('2026-06-16T06:59:00+02:00')).out.requeued.map((r) => r.deliveryDate)).toEqual([
      '2025-11-04',
    ]);
    expect((await run('2026-06-16T07:00:00+02:00')).out.requeued).toEqual([
      { deliveryDate: '2025-11-04', schools: 3 },
      { deliveryDate: '2026-06-16', schools: 2 },
    ]);
  });

  it('checks from 1 August of the previous school year', () => {
    const dates = datesSincePreviousYear('2026-06-16');
    expect(dates[0]).toBe('2024-08-01');
    expect(dates.at(-1)).toBe('2026-06-16');
    expect(datesSincePreviousYear('2026-08-01')[0]).toBe('2025-08-01');
  });
});
