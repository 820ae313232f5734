/**
 * The DeliveryScheduler port on EventBridge Scheduler: one one-time schedule per delivery date, named
 * `msv-delivery-YYYY-MM-DD`, firing at local wall time in Europe/Amsterdam (we format `at()` ourselves: CDK's
 * helper converts to UTC), deleting itself after it ran.
 */
import {
  ConflictException,
  CreateScheduleCommand,
  DeleteScheduleCommand,
  ResourceNotFoundException,
  type SchedulerClient,
} from '@aws-sdk/client-scheduler';
import type { DeliveryScheduler } from '../../shared/ports.js';
import { TIME_ZONE, wallTime } from '../../shared/time/amsterdam.js';

export interface SchedulerSettings {
  groupName: string;
  /** The delivery dispatcher function. */
  targetArn: string;
  /** The role EventBridge Scheduler assumes to invoke the target and write to the dead-letter queue. */
  roleArn: string;
  deadLetterArn: string;
  /** Local time of day, HH:MM:SS. */
  timeOfDay: string;
}

export const scheduleName = (deliveryDate: string) => `msv-delivery-${deliveryDate}`;

export class EventBridgeDeliveryScheduler implements DeliveryScheduler {
  constructor(
    private readonly client: SchedulerClient,
    private readonly settings: SchedulerSettings,
  ) {}

  async ensure(deliveryDate: string): Promise<void> {
    const s = this.settings;
    try {
      await this.client.send(
        new CreateScheduleCommand({
          Name: scheduleName(deliveryDate),
          GroupName: s.groupName,
          ScheduleExpression: `at(${wallTime(deliveryDate, s.timeOfDay)})`,
          ScheduleExpressionTimezone: TIME_ZONE,
          FlexibleTimeWindow: { Mode: 'OFF' },
          ActionAfterCompletion: 'DELETE',
          State: 'ENABLED',
          Description: `msv: deliver every consent for ${deliveryDate} to the Inspectie`,
          Target: {
            Arn: s.targetArn,
            RoleArn: s.roleArn,
            Input: JSON.stringify({ deliveryDate }),
            RetryPolicy: { MaximumRetryAttempts: 10, MaximumEventAgeInSeconds: 6 * 3600 },
            DeadLetterConfig: { Arn: s.deadLetterArn },
          },
        }),
      );
    } catch (err) {
      // Another consent for the same date created it first: that is the point of one schedule per date.
      if (!(err instanceof ConflictException)) throw err;
    }
  }

  async remove(deliveryDate: string): Promise<void> {
    try {
      await this.client.send(
        new DeleteScheduleCommand({ Name: scheduleName(deliveryDate), GroupName: this.settings.groupName }),
      );
    } catch (err) {
      if (!(err instanceof ResourceNotFoundException)) throw err;
    }
  }
}
