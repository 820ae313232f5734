/**
 * The daily reminders (infra/constructs/daily-reminders.ts, a RecurringFunction): the reminder function, run
 * daily at reminderTime Europe/Amsterdam by a schedule of its own, as a role that may invoke only it.
 */
import { Capture, Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { actionsOf, allActionsOf, envOf, granting, resourcesOf, type Statement, synth } from './templates.js';

describe('daily reminders', () => {
  let t: Template;
  beforeAll(() => {
    t = synth().stateless;
  });

  it('runs the reminders daily at 09:00 Amsterdam time, exactly, with retries and the schedule DLQ', () => {
    const target = new Capture();
    t.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 9 * * ? *)',
      ScheduleExpressionTimezone: 'Europe/Amsterdam',
      FlexibleTimeWindow: { Mode: 'OFF' },
      State: 'ENABLED',
      Target: {
        Arn: target,
        Input: '{}',
        RoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ReminderSchedulerRole'), 'Arn'] },
        RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 7200 },
        DeadLetterConfig: {
          Arn: { 'Fn::ImportValue': Match.stringLikeRegexp('ScheduleDeadLetterQueue') },
        },
      },
    });
    expect(target.asObject()).toEqual({
      'Fn::GetAtt': [expect.stringMatching(/^SendReminders[0-9A-F]{8}$/), 'Arn'],
    });
    // Not in the msv delivery group, whose schedules the consent function may create and delete.
    for (const schedule of Object.values(t.findResources('AWS::Scheduler::Schedule')))
      expect(schedule.Properties.GroupName).toBeUndefined();
    t.resourceCountIs('AWS::Scheduler::Schedule', 2);
    synth({ reminderTime: '07:30' }).stateless.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(30 7 * * ? *)',
    });
  });

  it('lets the reminder role invoke only the reminder function', () => {
    expect(allActionsOf(t, 'ReminderSchedulerRole').sort()).toEqual([
      'lambda:InvokeFunction',
      'sqs:SendMessage',
    ]);
    for (const r of granting(t, 'ReminderSchedulerRole', /^lambda:/).flatMap(resourcesOf)) {
      expect(JSON.stringify(r)).toMatch(/"SendReminders[0-9A-F]{8}"/);
    }
  });

  it('lets the reminder function read the table, write and delete only reminder claims, and mail', () => {
    const writes = granting(t, 'SendReminders', /^dynamodb:(Put|Update|Delete|BatchWrite)/);
    expect(writes).toHaveLength(1);
    expect(actionsOf(writes[0] as Statement).sort()).toEqual(['dynamodb:DeleteItem', 'dynamodb:PutItem']);
    expect(writes[0]?.Condition).toEqual({
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['REMINDER#*'] },
    });
    expect(resourcesOf(writes[0] as Statement)).toEqual([
      { 'Fn::ImportValue': expect.stringMatching(/TableArn|Table.*Arn/) },
    ]);
    const actions = allActionsOf(t, 'SendReminders');
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:Query', 'dynamodb:GetItem', 'ses:SendEmail']));
    expect(actions.filter((a) => /^(s3|scheduler|sqs:Send|iam):/.test(a))).toEqual([]);
    const env = envOf(t, 'send-reminders');
    expect(env).toMatchObject({ MSV_REMINDERS_START: '05-01', MSV_MAIL_FROM: 'msv@example.nl' });
    // Without appUrl the links point into the web app this stack serves through CloudFront.
    expect(env?.MSV_APP_URL).toEqual({
      'Fn::Join': [
        '',
        ['https://', { 'Fn::GetAtt': [expect.stringMatching(/^WebAppDistribution/), 'DomainName'] }],
      ],
    });
    synth({ appUrl: 'https://msv.example.nl' }).stateless.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ MSV_APP_URL: 'https://msv.example.nl' }) },
    });
  });
});
