/**
 * The daily deadline reminders to boards: the reminder function, run every day at `reminderTime` Europe/Amsterdam
 * by a recurring schedule of its own (infra/constructs/recurring-function.ts says where such schedules live and
 * why). Transparent: its resources keep the logical ids they had when the stack created them directly.
 */
import { Duration, TimeZone } from 'aws-cdk-lib';
import { ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { REMINDERS_FN } from '../../shared/http/routes.js';
import { TIME_ZONE } from '../../shared/time/amsterdam.js';
import type { FunctionFactory } from './function-factory.js';
import { RecurringFunction } from './recurring-function.js';

export interface DailyRemindersProps {
  readonly functions: FunctionFactory;
  /** `HH:MM`, Amsterdam time (the deploy configuration's `reminderTime`). */
  readonly reminderTime: string;
  /** Where a run that failed for good goes (the stateful stack's schedule dead-letter queue). */
  readonly scheduleDeadLetterQueue: IQueue;
}

/** The reminder run: its function, its daily schedule and the schedule's role. */
export class DailyReminders extends RecurringFunction {
  constructor(scope: Construct, id: string, props: DailyRemindersProps) {
    const [hour, minute] = props.reminderTime.split(':').map(Number);
    super(scope, id, {
      functions: props.functions,
      fn: REMINDERS_FN,
      functionDescription: 'msv: daily deadline reminders to boards (invoked by EventBridge Scheduler)',
      roleId: 'ReminderSchedulerRole',
      roleDescription: 'msv: assumed by EventBridge Scheduler to run the daily reminders',
      scheduleId: 'DailyReminders',
      scheduleDescription: `msv: deadline reminders, daily at ${props.reminderTime} Europe/Amsterdam`,
      schedule: ScheduleExpression.cron({
        minute: String(minute),
        hour: String(hour),
        // Europe/Amsterdam (shared/time/amsterdam.ts): 09:00 local in summer and winter alike.
        timeZone: TimeZone.of(TIME_ZONE),
      }),
      // A rerun is harmless (claims per board and day); after two hours the morning's run is simply late.
      maxEventAge: Duration.hours(2),
      scheduleDeadLetterQueue: props.scheduleDeadLetterQueue,
      // Lambda's longest: June's digests are paced to the reminders' share of the SES rate (at 14 a second,
      // 4.2 recipients a second: some 3,500 in a run), and a board claimed when the run times out goes unmailed
      // until the next day's run.
      timeout: Duration.minutes(15),
    });
  }
}
