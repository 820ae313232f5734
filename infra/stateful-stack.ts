/**
 * Everything that holds data or state: the table, the upload bucket, their KMS key, the access-log bucket, the
 * schedule group with the pending deliveries, the schedules' dead-letter queue, the sender's SES identity, the
 * alarm topic with its subscriptions, and the user pool of the people who sign in.
 * RETAIN on every resource and stable construct ids (never rename them: a new logical id is a new, empty
 * resource): deleting or redeploying the stateless stack never touches data.
 */
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Key } from 'aws-cdk-lib/aws-kms';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { ScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import { EmailIdentity, Identity } from 'aws-cdk-lib/aws-ses';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { RAW_PREFIX } from '../shared/exports/accept-export.js';
import { TABLE_DESIGN } from '../shared/table-design.js';
import { AlarmTopic } from './constructs/alarm-topic.js';
import { UserDirectory } from './constructs/user-directory.js';
import type { IdentityProviderConfig } from './identity-providers.js';

/** Settings of the stateful stack. */
export interface MsvStatefulStackProps extends StackProps {
  /** Days before an object under `raw/` in the upload bucket expires. */
  readonly rawRetentionDays: number;
  /** Sender address of the board emails; an SES email identity is created for it. */
  readonly mailFrom: string;
  /** Create a delivery bucket (when the Inspectie's own bucket is not configured). */
  readonly createDeliveryBucket: boolean;
  /** Subscribed by email to the alarm topic; without it the synth warns that alarms reach nobody. */
  readonly alarmEmail?: string;
  /** Sign-in of people (infra/constructs/user-directory.ts); the domain prefix defaults to `msv-{account}`. */
  readonly signIn?: {
    readonly domainPrefix?: string;
    readonly mailFromSes: boolean;
    readonly identityProviders: readonly IdentityProviderConfig[];
  };
}

/** The data of msv. Its resources are handed to the stateless stack as props. */
export class MsvStatefulStack extends Stack {
  /** Customer-managed key of the table and the upload bucket. */
  readonly dataKey: Key;
  /** The single table, keyed as in shared/table-design.ts. */
  readonly table: Table;
  /** Raw survey exports (under `raw/`), KMS-encrypted with the data key. */
  readonly uploadBucket: Bucket;
  /** Where deliveries go when the Inspectie's own bucket is not configured (`deliveryBucketName`). */
  readonly deliveryBucket?: Bucket;
  /** Holds one one-time schedule per delivery date; deleting it would drop every pending delivery. */
  readonly scheduleGroup: ScheduleGroup;
  /** Where EventBridge Scheduler and the dispatcher put deliveries that could not run. */
  readonly scheduleDeadLetterQueue: Queue;
  /** The SES identity of `mailFrom`. */
  readonly mailIdentity: EmailIdentity;
  /**
   * Where the alarms and the budget tell a person. Here, not in the stateless stack, because its subscriptions are
   * state: a re-created topic would need every address to confirm again, and until then alarms reach nobody.
   */
  readonly alarmTopic: AlarmTopic;
  /** The people who sign in: the user pool, its sign-in domain and federated providers. */
  readonly users: UserDirectory;

  constructor(scope: Construct, id: string, props: MsvStatefulStackProps) {
    super(scope, id, { terminationProtection: false, ...props });

    this.dataKey = new Key(this, 'DataKey', {
      description: 'msv: encrypts the table and the survey exports',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const { partitionKey, sortKey, gsi1, ttlAttribute } = TABLE_DESIGN;
    this.table = new Table(this, 'Table', {
      partitionKey: { name: partitionKey, type: AttributeType.STRING },
      sortKey: { name: sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      timeToLiveAttribute: ttlAttribute,
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.dataKey,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.table.addGlobalSecondaryIndex({
      indexName: gsi1.name,
      partitionKey: { name: gsi1.partitionKey, type: AttributeType.STRING },
      sortKey: { name: gsi1.sortKey, type: AttributeType.STRING },
      projectionType: ProjectionType.ALL,
    });

    // Server access logs cannot be delivered to a KMS-encrypted bucket, hence S3-managed keys here.
    const accessLogs = new Bucket(this, 'AccessLogBucket', {
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ id: 'ExpireAccessLogs', expiration: Duration.days(365) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(accessLogs).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This is the access-log bucket itself; logging it into itself would loop.',
    });

    /** What every data bucket gets: our KMS key, versioning, TLS only, never public, access logs. */
    const dataBucket = (logPrefix: string) => ({
      encryption: BucketEncryption.KMS,
      encryptionKey: this.dataKey,
      bucketKeyEnabled: true,
      versioned: true,
      enforceSSL: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: logPrefix,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.uploadBucket = new Bucket(this, 'UploadBucket', {
      ...dataBucket('upload-bucket/'),
      lifecycleRules: [
        {
          id: 'ExpireRawExports',
          // AVG: raw exports are kept only as long as they may need reprocessing; aggregates live in the table.
          // Versioning would otherwise keep the "deleted" export as a noncurrent version.
          prefix: RAW_PREFIX,
          expiration: Duration.days(props.rawRetentionDays),
          noncurrentVersionExpiration: Duration.days(1),
        },
        { id: 'AbortIncompleteUploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // Pending deliveries live here as schedules, so the group is state: it must outlive the stateless stack.
    this.scheduleGroup = new ScheduleGroup(this, 'DeliverySchedules', {
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // A message only says which delivery date failed (`{"deliveryDate": …}`), no school data: SQS-managed
    // encryption is enough and spares the scheduler role a KMS grant. 14 days is the SQS maximum.
    this.scheduleDeadLetterQueue = new Queue(this, 'ScheduleDeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.scheduleDeadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is the dead-letter queue of the delivery schedules and of the dispatcher; cdk-nag cannot see that link across stacks.',
    });

    // Verification state lives with the identity; recreating it would stop all board mail until re-verified.
    this.mailIdentity = new EmailIdentity(this, 'MailFromIdentity', {
      identity: Identity.email(props.mailFrom),
    });
    this.mailIdentity.applyRemovalPolicy(RemovalPolicy.RETAIN);

    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    new CfnOutput(this, 'UploadBucketName', { value: this.uploadBucket.bucketName });
    if (props.createDeliveryBucket) {
      // Delivered reports and data are the record of what the Inspectie received: versioned, never expired.
      this.deliveryBucket = new Bucket(this, 'DeliveryBucket', dataBucket('delivery-bucket/'));
      new CfnOutput(this, 'DeliveryBucketName', { value: this.deliveryBucket.bucketName });
    }
    new CfnOutput(this, 'ScheduleGroupName', { value: this.scheduleGroup.scheduleGroupName });
    new CfnOutput(this, 'ScheduleDeadLetterQueueUrl', { value: this.scheduleDeadLetterQueue.queueUrl });

    this.alarmTopic = new AlarmTopic(this, 'AlarmTopic', { email: props.alarmEmail });
    // Subscribe a second person (or a chat integration) to this ARN by hand; subscriptions outlive deploys.
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarmTopic.topic.topicArn });

    this.users = new UserDirectory(this, 'Users', {
      mailFrom: props.mailFrom,
      mailFromSes: props.signIn?.mailFromSes ?? false,
      domainPrefix: props.signIn?.domainPrefix ?? `msv-${this.account}`,
      identityProviders: props.signIn?.identityProviders ?? [],
    });
    new CfnOutput(this, 'UserPoolId', { value: this.users.userPool.userPoolId });
    new CfnOutput(this, 'SignInIssuer', { value: this.users.issuer });
    new CfnOutput(this, 'SignInDomain', { value: this.users.domain.baseUrl() });
  }
}
