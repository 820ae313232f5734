/**
 * A function run by a recurring EventBridge Scheduler schedule of its own (no flexible window, three retries,
 * failed runs to the schedule dead-letter queue), as a role that may invoke only that function.
 *
 * These schedules live in the stateless stack: the functions hold no state (their claims and references are in
 * the table), and a recurring schedule is re-created by a deploy without losing anything. They stay out of the
 * stateful stack's msv delivery group on purpose: the consent function may create and delete every schedule in
 * that group, and the group is meant to hold nothing but pending deliveries. So they go into the account's
 * default group.
 */
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import {
  Schedule,
  type ScheduleExpression,
  ScheduleTargetInput,
  TimeWindow,
} from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { iam5Resource } from '../nag-findings.js';
import type { FunctionFactory } from './function-factory.js';
import type { MsvFunction } from './msv-function.js';
import { TransparentConstruct } from './transparent-construct.js';

export interface RecurringFunctionProps {
  readonly functions: FunctionFactory;
  /** The folder under functions/. */
  readonly fn: string;
  readonly functionDescription: string;
  /** Construct id of the schedule (its logical id: keep it). */
  readonly scheduleId: string;
  readonly scheduleDescription: string;
  readonly schedule: ScheduleExpression;
  /** Construct id of the role (its logical id: keep it). */
  readonly roleId: string;
  readonly roleDescription: string;
  /** How long a run not yet started is still worth starting. */
  readonly maxEventAge: Duration;
  /** Where Scheduler and Lambda put a run that failed for good. */
  readonly scheduleDeadLetterQueue: IQueue;
  /** How long one run may take; default 5 minutes. */
  readonly timeout?: Duration;
}

/** The function, its schedule and the schedule's role. Transparent: the logical ids are those of the stack. */
export class RecurringFunction extends TransparentConstruct {
  readonly function: MsvFunction;
  readonly role: Role;
  readonly schedule: Schedule;

  constructor(scope: Construct, id: string, props: RecurringFunctionProps) {
    super(scope, id);
    this.function = props.functions.create(this, props.fn, {
      description: props.functionDescription,
      timeout: props.timeout ?? Duration.minutes(5),
      // Scheduler invokes asynchronously: after Lambda's own retries a failed run lands next to failed schedules.
      deadLetterQueue: props.scheduleDeadLetterQueue,
    });
    this.role = new Role(this, props.roleId, {
      description: props.roleDescription,
      // Confused-deputy guard: only schedules of this account may use the role.
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com').withConditions({
        StringEquals: { 'aws:SourceAccount': Stack.of(this).account },
      }),
    });
    this.schedule = new Schedule(this, props.scheduleId, {
      description: props.scheduleDescription,
      schedule: props.schedule,
      timeWindow: TimeWindow.off(),
      target: new LambdaInvoke(this.function, {
        role: this.role,
        input: ScheduleTargetInput.fromObject({}),
        deadLetterQueue: props.scheduleDeadLetterQueue,
        retryAttempts: 3,
        maxEventAge: props.maxEventAge,
      }),
    });
    Validations.of(this.role).acknowledge({
      id: iam5Resource(this.role, this.function.functionArn, ':*'),
      reason: `grantInvoke also covers the versions and aliases of the one ${props.fn} function.`,
    });
  }
}
