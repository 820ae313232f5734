/**
 * Nothing lost when the whole local stack dies mid-delivery: 120 schools with consent for one date, the date's
 * schedule fired, `npm start` killed (SIGKILL, no clean-up) after some deliveries, started again: the
 * reconciliation on start queues what the lost in-process queue held, and every school ends delivered exactly
 * once — one delivery record, one set of files.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { afterAll, describe, expect, it } from 'vitest';
import { EventBridgeDeliveryScheduler, scheduleName } from '../../functions/lib/eventbridge-scheduler.js';
import { dynamoStores } from '../../functions/lib/store/index.js';
import type { StackInfo } from '../../infra/local/start.js';
import { mapWithConcurrency } from '../../shared/concurrency.js';
import type { Stores } from '../../shared/store/stores.js';
import { seedConsentedSchools } from '../support/consented-schools.js';
import { startLocalStack, stopLocalStacks } from '../support/local-stack.js';

const DATE = '2026-06-16';
const YEAR = '2025-2026';
const SCHOOLS = 120;
const dir = mkdtempSync(join(tmpdir(), 'msv-crash-'));
const children: ChildProcess[] = [];
afterAll(() => stopLocalStacks(children));

const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
const clients = (info: StackInfo) => ({
  store: dynamoStores(
    new DynamoDBClient({ endpoint: info.dynamodbEndpoint, region: 'eu-west-1', credentials }),
    info.tableName,
  ),
  s3: new S3Client({ endpoint: info.s3Endpoint, region: 'eu-west-1', credentials, forcePathStyle: true }),
});

const deliveredOf = async (store: Stores, ids: readonly string[]) =>
  (await mapWithConcurrency(ids, 16, (id) => store.deliveries.get(id, YEAR))).filter((d) => d !== undefined);

const until = async (what: string, check: () => Promise<boolean>, seconds: number) => {
  for (let i = 0; i < seconds * 5; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
};

describe('a crash of the whole local stack in the middle of a delivery date', () => {
  it('ends with every school delivered exactly once after a restart', { timeout: 240_000 }, async () => {
    // 05:00 on the date: the date has begun (the dispatcher and the worker deliver), but the reconciliation
    // leaves the date to its schedule until an hour after 06:00.
    const first = startLocalStack(dir, { MSV_NOW: `${DATE}T05:00:00+02:00` });
    children.push(first.child);
    const info = await first.ready();
    const { store } = clients(info);
    const ids = await seedConsentedSchools(store, {
      count: SCHOOLS,
      deliveryDate: DATE,
      schoolYear: YEAR,
      series: 90,
    });
    // The date's schedule as the consent function creates it, then fired as Scheduler would.
    const scheduler = new EventBridgeDeliveryScheduler(
      new SchedulerClient({ endpoint: info.schedulerEndpoint, region: 'eu-west-1', credentials }),
      {
        groupName: info.scheduleGroup,
        targetArn: 'arn:aws:lambda:eu-west-1:000000000000:function:Msv-dispatch-deliveries',
        roleArn: 'arn:aws:iam::000000000000:role/Msv-delivery-scheduler-eu-west-1',
        deadLetterArn: 'arn:aws:sqs:eu-west-1:000000000000:msv-local-schedule-dlq',
        timeOfDay: '06:00:00',
      },
    );
    await scheduler.ensure(DATE);
    const fired = await fetch(`${info.schedulerEndpoint}/_local/fire/${scheduleName(DATE)}`, {
      method: 'POST',
    });
    expect(fired.status, await fired.clone().text()).toBe(200);

    // Kill it in the middle: some schools delivered, most still queued in the process that dies.
    await until('the first deliveries', async () => (await deliveredOf(store, ids)).length >= 15, 120);
    first.child.kill('SIGKILL');
    await first.exited;
    const before = (await deliveredOf(store, ids)).length;
    expect(before).toBeLessThan(SCHOOLS);

    // Started again after the grace hour: the reconciliation on start queues the rest.
    const second = startLocalStack(dir, { MSV_NOW: `${DATE}T07:30:00+02:00` });
    children.push(second.child);
    const again = await second.ready();
    const after = clients(again);
    await until('every delivery', async () => (await deliveredOf(after.store, ids)).length === SCHOOLS, 180);

    const records = await deliveredOf(after.store, ids);
    expect(new Set(records.map((r) => r.schoolId)).size).toBe(SCHOOLS);
    for (const id of ids) expect((await after.store.consents.get(id, YEAR))?.status, id).toBe('delivered');
    // Exactly once: one delivery id per school, and its three files (report, data, manifest) and no others.
    await mapWithConcurrency(records, 8, async (record) => {
      const listed = await after.s3.send(
        new ListObjectsV2Command({
          Bucket: again.deliveryBucket,
          Prefix: `deliveries/${YEAR}/${record.schoolId}/`,
        }),
      );
      expect(listed.Contents?.map((o) => o.Key).sort()).toEqual(record.files.map((f) => f.key).sort());
    });
    expect(await after.store.consents.listOn(DATE)).toEqual([]);
  });
});
