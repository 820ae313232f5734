/**
 * The one place where a function's declaration (functions/<fn>/needs.ts) becomes CDK: its `MSV_*` variables and
 * the grants of its access kinds, nothing more, and the cdk-nag findings those grants bring, each acknowledged
 * with why. The constructs of the stateless stack create their functions here, each in its own scope; the local
 * runtime then runs every function with the environment and the role policy that this synthesizes.
 */
import { Stack, Validations } from 'aws-cdk-lib';
import type { IUserPool } from 'aws-cdk-lib/aws-cognito';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { type IRole, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { IScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import type { IEmailIdentity } from 'aws-cdk-lib/aws-ses';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { ACCESS_KINDS, type AccessKind, settingsKeysOf } from '../../functions/lib/needs.js';
import { needsOf } from '../../functions/registry.js';
import {
  type Config,
  REQUIRED_WHEN_DECLARED,
  type RequiredKey,
  type SettingKey,
  toEnvironment,
} from '../../shared/config.js';
import { RAW_PREFIX } from '../../shared/exports/accept-export.js';
import { DISPATCHER_FN } from '../../shared/http/routes.js';
import { leadingKeysWrittenBy } from '../../shared/table-design.js';
import { iam5Action, iam5Resource } from '../nag-findings.js';
import { MsvFunction, type MsvFunctionProps } from './msv-function.js';

/** PascalCase construct id of a function folder: `upload-export` → `UploadExport`. */
export const functionId = (fn: string): string =>
  fn.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase());

/** The resources of other stacks, or of the stack itself, that exist before any function. */
export interface FunctionResources {
  readonly table: ITable;
  readonly uploadBucket: IBucket;
  readonly scheduleGroup: IScheduleGroup;
  readonly scheduleDeadLetterQueue: IQueue;
  readonly mailIdentity: IEmailIdentity;
  /** Ours (stateful stack) or the Inspectie's own. */
  readonly deliveryBucket: IBucket;
  /** Who signs people in: the user pool's issuer and the web app's client id (`people-tokens`). */
  readonly signIn?: { readonly issuer: string; readonly clientId: string; readonly userPool?: IUserPool };
}

/** The delivery pipeline's resources that other functions' settings and grants name; it provides them. */
export interface PipelineResources {
  readonly deliveryQueue: IQueue;
  /** The role every delivery-date schedule runs as; `schedules` passes it to EventBridge Scheduler. */
  readonly schedulerRole: IRole;
}

export interface FunctionFactoryProps {
  readonly resources: FunctionResources;
  /** The values of the plain (non-resource) settings; a function gets only those its needs.ts declares. */
  readonly settings: Partial<Config>;
  readonly logRetention: RetentionDays;
  /** The prefix below which msv touches the delivery bucket (`deliveries`). */
  readonly deliveryPrefix: string;
}

/** Overrides of MsvFunction's defaults for one function (memory, timeout, name, dead-letter queue…). */
export type FunctionOverrides = Partial<Omit<MsvFunctionProps, 'fn' | 'environment'>>;

/**
 * Makes every msv function from its declaration. Not a construct: it creates each function in the scope of the
 * construct whose job the function does, and keeps them all by folder (for the alarms and for lookups).
 */
export class FunctionFactory {
  /** Every function made so far, by folder name. */
  readonly functions: Record<string, MsvFunction> = {};
  private readonly pipeline: Partial<PipelineResources> = {};

  constructor(private readonly props: FunctionFactoryProps) {}

  /** Called by the delivery pipeline as its queue and its scheduler role come to exist. */
  provide(resources: Partial<PipelineResources>): void {
    for (const key of Object.keys(resources) as (keyof PipelineResources)[]) {
      if (this.pipeline[key]) throw new Error(`${key} is provided twice`);
    }
    Object.assign(this.pipeline, resources);
  }

  /** The function of a folder; throws when it is not made yet. */
  get(fn: string): MsvFunction {
    const f = this.functions[fn];
    if (!f)
      throw new Error(`function ${fn} is used before it is made (infra/constructs/function-factory.ts)`);
    return f;
  }

  /** Creates the function of a folder with the settings and grants its needs.ts declares, and nothing more. */
  create(scope: Construct, fn: string, overrides: FunctionOverrides = {}): MsvFunction {
    if (this.functions[fn]) throw new Error(`function ${fn} is made twice`);
    const needs = needsOf(fn);
    const access = needs.access;
    const { resources, settings: common, deliveryPrefix } = this.props;
    const { table, uploadBucket, scheduleGroup, mailIdentity, deliveryBucket } = resources;
    const has = (a: AccessKind) => access.includes(a);

    const required = new Set<SettingKey>(REQUIRED_WHEN_DECLARED);
    const settings: Partial<Record<SettingKey, unknown>> = {};
    // `now` is MSV_NOW, the local stack's simulated time: never deployed (a deployed function refuses it).
    for (const key of settingsKeysOf(needs).filter((k) => k !== 'now')) {
      const value = required.has(key) ? this.resourceSetting(key, fn) : common[key];
      if (value === undefined && required.has(key)) {
        throw new Error(`functions/${fn} declares ${key}, but the stack has no value for it`);
      }
      settings[key] = value;
    }
    const f = new MsvFunction(scope, functionId(fn), {
      fn,
      logRetention: this.props.logRetention,
      ...overrides,
      environment: toEnvironment(settings as Partial<Config>),
    });
    this.functions[fn] = f;

    /**
     * Read the table, and write only the items of the stores a table access writes through: a
     * `dynamodb:LeadingKeys` condition on the partitions of those items (shared/table-design.ts).
     */
    const grantWritesOf = (
      kind: 'table-write' | 'table-dispatch-runs' | 'table-reminders' | 'table-people' | 'table-policy',
      actions: string[],
    ) => {
      table.grantReadData(f);
      f.addToRolePolicy(
        new PolicyStatement({
          actions,
          resources: [table.tableArn],
          conditions: {
            'ForAllValues:StringLike': {
              'dynamodb:LeadingKeys': leadingKeysWrittenBy(ACCESS_KINDS[kind].writes),
            },
          },
        }),
      );
      // grantReadData adds decrypt only; writing encrypts with the data key too.
      table.encryptionKey?.grantEncrypt(f);
    };
    if (has('table-read')) table.grantReadData(f);
    // Exports, consents, audit entries and deliveries live in school-year partitions, the schedule references in
    // delivery-date partitions. Tokens, boards and schools are written by the admin CLI only, so a flaw in a
    // function cannot mint a token or move a school. (It could still put a school-year item carrying gsi1 keys,
    // which would list it under a board; access checks read the school item itself.)
    if (has('table-write'))
      grantWritesOf('table-write', [
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'dynamodb:DeleteItem',
        // A consent and a provider marker check each other in their transactions (school-year items only).
        'dynamodb:ConditionCheckItem',
      ]);
    // The dispatcher only records its runs: it may not change a consent, an export or a delivery.
    if (has('table-dispatch-runs')) grantWritesOf('table-dispatch-runs', ['dynamodb:PutItem']);
    // Claims only: PutItem and DeleteItem on items whose partition key is a reminder claim, nothing else.
    if (has('table-reminders')) grantWritesOf('table-reminders', ['dynamodb:PutItem', 'dynamodb:DeleteItem']);
    // Memberships, invitations and the boards' people logs: the people function's own partitions, nothing else.
    if (has('table-people'))
      grantWritesOf('table-people', [
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'dynamodb:DeleteItem',
        // The check, in a change's transaction, that the board's remaining gebruikersbeheerder still is one.
        'dynamodb:ConditionCheckItem',
      ]);
    // School policies only, by a conditional put: never the school item that decides who sees the school.
    if (has('table-policy')) grantWritesOf('table-policy', ['dynamodb:PutItem']);
    // Creating an invited person's account, in msv's own user pool only; nothing that reads or deletes users.
    if (has('user-directory')) this.userPool(fn).grant(f, 'cognito-idp:AdminCreateUser');
    // Only below raw/, the prefix that expires (AVG): an export put anywhere else would be kept for ever.
    if (has('upload-put')) uploadBucket.grantPut(f, `${RAW_PREFIX}*`);
    if (has('schedules')) {
      scheduleGroup.grantWriteSchedules(f);
      scheduleGroup.grantDeleteSchedules(f);
      // CreateSchedule hands the scheduler role to EventBridge Scheduler.
      this.fromPipeline('schedulerRole', fn, 'schedules').grantPassRole(f.grantPrincipal);
    }
    if (has('mail')) mailIdentity.grantSendEmail(f);
    if (has('queue-send')) this.fromPipeline('deliveryQueue', fn, 'queue-send').grantSendMessages(f);
    // The delivery bucket may be the Inspectie's own: msv touches nothing in it outside the delivery prefix.
    if (has('deliveries-put')) deliveryBucket.grantPut(f, `${deliveryPrefix}/*`);
    if (has('deliveries-read')) {
      // Presigned links are signed with the function's own rights, and a link is only a GetObject: grantRead
      // would add List* and GetBucket* on the bucket, i.e. every school's delivery keys.
      f.addToRolePolicy(
        new PolicyStatement({
          actions: ['s3:GetObject'],
          resources: [deliveryBucket.arnForObjects(`${deliveryPrefix}/*`)],
        }),
      );
      deliveryBucket.encryptionKey?.grantDecrypt(f);
    }

    this.acknowledgeFindings(f, access);
    return f;
  }

  /** The sign-in settings, for a function that declares `people-tokens`. */
  private signIn(fn: string): { issuer: string; clientId: string; userPool?: IUserPool } {
    const signIn = this.props.resources.signIn;
    if (!signIn) throw new Error(`functions/${fn} declares people-tokens, but the stack gives no sign-in`);
    return signIn;
  }

  /** The people's user pool, for a function that declares `user-directory`. */
  private userPool(fn: string): IUserPool {
    const pool = this.props.resources.signIn?.userPool;
    if (!pool) throw new Error(`functions/${fn} declares user-directory, but the stack gives no user pool`);
    return pool;
  }

  /** A resource of the delivery pipeline, for a function whose access kind `kind` names it. */
  private fromPipeline<K extends keyof PipelineResources>(
    key: K,
    fn: string,
    kind: AccessKind,
  ): PipelineResources[K] {
    const resource = this.pipeline[key];
    if (!resource) {
      throw new Error(
        `functions/${fn} declares ${kind}, which needs the delivery pipeline's ${key}: create the pipeline first`,
      );
    }
    return resource as PipelineResources[K];
  }

  /**
   * The value of each resource setting. The pipeline's resources and the dispatcher are looked up when asked,
   * so that only a function that declares `schedules` or `queue-send` needs the pipeline to exist first.
   */
  private resourceSetting(key: SettingKey, fn: string): string | undefined {
    const r = this.props.resources;
    // Keyed by every resource setting: one added to shared/config.ts without a value here does not compile.
    const values: Record<RequiredKey, () => string> = {
      tableName: () => r.table.tableName,
      uploadBucket: () => r.uploadBucket.bucketName,
      scheduleGroup: () => r.scheduleGroup.scheduleGroupName,
      dispatcherArn: () => this.get(DISPATCHER_FN).functionArn,
      schedulerRoleArn: () => this.fromPipeline('schedulerRole', fn, 'schedules').roleArn,
      scheduleDlqArn: () => r.scheduleDeadLetterQueue.queueArn,
      deliveryBucket: () => r.deliveryBucket.bucketName,
      deliveryQueueUrl: () => this.fromPipeline('deliveryQueue', fn, 'queue-send').queueUrl,
      peopleIssuer: () => this.signIn(fn).issuer,
      peopleClientId: () => this.signIn(fn).clientId,
      peopleUserPoolId: () => this.userPool(fn).userPoolId,
    };
    return (values as Partial<Record<SettingKey, () => string>>)[key]?.();
  }

  /** The findings an msv function carries, each acknowledged on that function with why it is acceptable. */
  private acknowledgeFindings(f: MsvFunction, access: readonly AccessKind[]) {
    const { table, uploadBucket, scheduleGroup, deliveryBucket } = this.props.resources;
    const { deliveryPrefix } = this.props;
    const v = Validations.of(f);
    v.acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason: 'The AWS-managed basic execution role only allows writing the function’s own CloudWatch logs.',
    });
    v.acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'X-Ray tracing: xray:PutTraceSegments and PutTelemetryRecords support no resource-level permissions.',
    });
    if (access.some((a) => a.startsWith('table-'))) {
      v.acknowledge({
        id: iam5Resource(f, table.tableArn, '/index/*'),
        reason: 'grant*Data covers the msv table’s own indexes (gsi1); no other table is reachable.',
      });
    }
    if (access.includes('upload-put')) {
      v.acknowledge({
        id: iam5Resource(f, uploadBucket.bucketArn, `/${RAW_PREFIX}*`),
        reason:
          'Uploads are written under raw/ at keys derived from their hash, so the function needs put on the objects below raw/; it has no get or delete.',
      });
      v.acknowledge({
        id: iam5Action('s3:Abort*'),
        reason: 'Added by grantPut so that an interrupted multipart upload can be aborted; objects only.',
      });
    }
    if (access.includes('deliveries-put')) {
      v.acknowledge({
        id: iam5Resource(f, deliveryBucket.bucketArn, `/${deliveryPrefix}/*`),
        reason:
          'Each delivery writes new objects under deliveries/{year}/{school}/{id}/; put only, below the delivery prefix, no get or delete.',
      });
      v.acknowledge({
        id: iam5Action('s3:Abort*'),
        reason: 'Added by grantPut so that an interrupted multipart upload can be aborted; objects only.',
      });
    }
    if (access.includes('deliveries-read')) {
      v.acknowledge({
        id: iam5Resource(f, deliveryBucket.bucketArn, `/${deliveryPrefix}/*`),
        reason:
          'Read of delivered files only, below the delivery prefix, to sign five-minute download links.',
      });
    }
    // Writing to the table or the bucket encrypts with the data key; grant* scopes these actions to that key.
    const encryptsWith = [
      ...(access.includes('table-write') ? ['grantEncrypt for the school-year writes in the table'] : []),
      ...(access.includes('table-dispatch-runs')
        ? ['grantEncrypt for the dispatcher runs in the table']
        : []),
      ...(access.includes('table-reminders') ? ['grantEncrypt for the reminder claims in the table'] : []),
      ...(access.includes('table-people') ? ['grantEncrypt for the people items in the table'] : []),
      ...(access.includes('table-policy') ? ['grantEncrypt for the school policies in the table'] : []),
      ...(access.includes('upload-put') ? ['grantPut on the upload bucket'] : []),
      ...(access.includes('deliveries-put') ? ['grantPut on the delivery bucket'] : []),
    ];
    if (encryptsWith.length > 0) {
      for (const action of ['kms:GenerateDataKey*', 'kms:ReEncrypt*']) {
        v.acknowledge({
          id: iam5Action(action),
          reason: `Added by ${encryptsWith.join(' and ')}: encryption with the one msv data key, on that key only.`,
        });
      }
    }
    if (access.includes('schedules')) {
      // The ARN grantWriteSchedules/grantDeleteSchedules build: every schedule of the group.
      const schedules = Stack.of(scheduleGroup).formatArn({
        service: 'scheduler',
        resource: 'schedule',
        resourceName: scheduleGroup.scheduleGroupName,
      });
      v.acknowledge({
        id: iam5Resource(f, schedules, '/*'),
        reason:
          'One schedule per delivery date, named at run time; the grant is limited to the msv delivery schedule group.',
      });
    }
  }
}
