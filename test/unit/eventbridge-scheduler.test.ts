import {
  ConflictException,
  CreateScheduleCommand,
  DeleteScheduleCommand,
  ResourceNotFoundException,
  SchedulerClient,
} from '@aws-sdk/client-scheduler';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { EventBridgeDeliveryScheduler } from '../../functions/lib/eventbridge-scheduler.js';

const scheduler = mockClient(SchedulerClient);
const settings = {
  groupName: 'msv-deliveries',
  targetArn: 'arn:aws:lambda:eu-west-1:123456789012:function:msv-dispatch',
  roleArn: 'arn:aws:iam::123456789012:role/msv-scheduler',
  deadLetterArn: 'arn:aws:sqs:eu-west-1:123456789012:msv-schedule-dlq',
  timeOfDay: '06:00:00',
};
const adapter = () =>
  new EventBridgeDeliveryScheduler(
    new SchedulerClient({ region: 'eu-west-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }),
    settings,
  );

beforeEach(() => scheduler.reset());

describe('EventBridgeDeliveryScheduler', () => {
  it('creates one schedule per date at local wall time in Europe/Amsterdam, deleting itself after it ran', async () => {
    scheduler.on(CreateScheduleCommand).resolves({ ScheduleArn: 'arn:x' });
    await adapter().ensure('2026-05-12');
    expect(scheduler.commandCalls(CreateScheduleCommand).map((c) => c.args[0].input)).toEqual([
      {
        Name: 'msv-delivery-2026-05-12',
        GroupName: 'msv-deliveries',
        ScheduleExpression: 'at(2026-05-12T06:00:00)',
        ScheduleExpressionTimezone: 'Europe/Amsterdam',
        FlexibleTimeWindow: { Mode: 'OFF' },
        ActionAfterCompletion: 'DELETE',
        State: 'ENABLED',
        Description: 'msv: deliver every consent for 2026-05-12 to the Inspectie',
        Target: {
          Arn: settings.targetArn,
          RoleArn: settings.roleArn,
          Input: '{"deliveryDate":"2026-05-12"}',
          RetryPolicy: { MaximumRetryAttempts: 10, MaximumEventAgeInSeconds: 21600 },
          DeadLetterConfig: { Arn: settings.deadLetterArn },
        },
      },
    ]);
  });

  it('takes an existing schedule for the date as success', async () => {
    scheduler
      .on(CreateScheduleCommand)
      .rejects(new ConflictException({ Message: 'exists', message: 'exists', $metadata: {} }));
    await expect(adapter().ensure('2026-05-12')).resolves.toBeUndefined();
  });

  it('passes other failures on', async () => {
    scheduler.on(CreateScheduleCommand).rejects(new Error('throttled'));
    await expect(adapter().ensure('2026-05-12')).rejects.toThrow('throttled');
  });

  it('deletes the date’s schedule, and a missing one is fine', async () => {
    scheduler
      .on(DeleteScheduleCommand)
      .resolvesOnce({})
      .rejectsOnce(new ResourceNotFoundException({ Message: 'gone', message: 'gone', $metadata: {} }));
    await adapter().remove('2026-05-12');
    await adapter().remove('2026-05-12');
    expect(scheduler.commandCalls(DeleteScheduleCommand).map((c) => c.args[0].input)).toEqual([
      { Name: 'msv-delivery-2026-05-12', GroupName: 'msv-deliveries' },
      { Name: 'msv-delivery-2026-05-12', GroupName: 'msv-deliveries' },
    ]);
  });
});
