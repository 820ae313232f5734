/**
 * The real Scheduler adapter and the unmodified SDK against the local stand-in: what `npm start` relies on to
 * create, list, delete and fire delivery schedules.
 */
import { ListSchedulesCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventBridgeDeliveryScheduler } from '../../functions/lib/eventbridge-scheduler.js';
import {
  dueAt,
  type LocalSchedule,
  type LocalScheduler,
  startLocalScheduler,
} from '../../infra/local/scheduler.js';

let now = new Date('2026-05-11T12:00:00+02:00');
const fired: LocalSchedule[] = [];
let local: LocalScheduler;
let client: SchedulerClient;
let adapter: EventBridgeDeliveryScheduler;

beforeAll(async () => {
  local = await startLocalScheduler({
    port: 0,
    clock: { now: () => now },
    intervalMs: 50,
    invoke: async (s) => {
      fired.push(s);
      return JSON.parse(s.Target.Input ?? '{}');
    },
  });
  client = new SchedulerClient({
    endpoint: local.endpoint,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
  });
  adapter = new EventBridgeDeliveryScheduler(client, {
    groupName: 'msv-test',
    targetArn: 'arn:aws:lambda:eu-west-1:000000000000:function:dispatch',
    roleArn: 'arn:aws:iam::000000000000:role/scheduler',
    deadLetterArn: 'arn:aws:sqs:eu-west-1:000000000000:dlq',
    timeOfDay: '06:00:00',
  });
});

afterAll(async () => {
  await local.stop();
});

describe('local scheduler stand-in', () => {
  it('accepts the SDK calls: create (idempotent through ConflictException), list, delete (missing is fine)', async () => {
    await adapter.ensure('2026-05-12');
    await adapter.ensure('2026-05-12');
    await adapter.ensure('2026-05-20');
    const list = await client.send(new ListSchedulesCommand({ GroupName: 'msv-test' }));
    expect(list.Schedules?.map((s) => s.Name).sort()).toEqual([
      'msv-delivery-2026-05-12',
      'msv-delivery-2026-05-20',
    ]);
    await adapter.remove('2026-05-20');
    await adapter.remove('2026-05-20');
    expect(local.list().map((s) => s.Name)).toEqual(['msv-delivery-2026-05-12']);
  });

  it('fires an at() schedule at its Amsterdam time with its input, then deletes it', async () => {
    expect(dueAt(local.list()[0] as LocalSchedule)?.toISOString()).toBe('2026-05-12T04:00:00.000Z');
    now = new Date('2026-05-12T05:59:00+02:00');
    await new Promise((r) => setTimeout(r, 200));
    expect(fired).toHaveLength(0);
    now = new Date('2026-05-12T06:00:00+02:00');
    for (let i = 0; i < 40 && fired.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(fired.map((s) => JSON.parse(s.Target.Input ?? '{}'))).toEqual([{ deliveryDate: '2026-05-12' }]);
    expect(local.list()).toEqual([]);
  });

  it('fires by hand through its local route', async () => {
    await adapter.ensure('2026-06-30');
    const res = await fetch(`${local.endpoint}/_local/fire/msv-delivery-2026-06-30`, { method: 'POST' });
    expect(await res.json()).toEqual({
      fired: 'msv-delivery-2026-06-30',
      result: { deliveryDate: '2026-06-30' },
    });
    expect(
      (await fetch(`${local.endpoint}/_local/fire/msv-delivery-2026-06-30`, { method: 'POST' })).status,
    ).toBe(404);
  });
});
