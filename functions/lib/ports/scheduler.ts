/** The delivery scheduler's port factory. */
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import type { Settings } from '../../../shared/config.js';
import { EventBridgeDeliveryScheduler } from '../eventbridge-scheduler.js';

export const eventBridgeScheduler = (
  s: Settings<'scheduleGroup' | 'dispatcherArn' | 'schedulerRoleArn' | 'scheduleDlqArn' | 'deliveryTime'>,
): EventBridgeDeliveryScheduler =>
  new EventBridgeDeliveryScheduler(new SchedulerClient({ maxAttempts: 5 }), {
    groupName: s.scheduleGroup,
    targetArn: s.dispatcherArn,
    roleArn: s.schedulerRoleArn,
    deadLetterArn: s.scheduleDlqArn,
    timeOfDay: s.deliveryTime,
  });
