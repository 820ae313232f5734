/**
 * The stateful stack (infra/stateful-stack.ts): the table, the buckets, the data key, the delivery schedule group
 * and its dead-letter queue, the mail identity; every resource that holds state retained.
 */
import { Capture, Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { deployEnvName } from '../../infra/deploy-config.js';
import { TABLE_DESIGN } from '../../shared/table-design.js';
import { synth } from './templates.js';

describe('stateful stack', () => {
  let t: Template;
  beforeAll(() => {
    t = synth().stateful;
  });

  it('keeps the table: keys, PITR, deletion protection, TTL, KMS with the data key, gsi1, retained', () => {
    const key = new Capture();
    t.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        KeySchema: [
          { AttributeName: TABLE_DESIGN.partitionKey, KeyType: 'HASH' },
          { AttributeName: TABLE_DESIGN.sortKey, KeyType: 'RANGE' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
        TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: key },
        GlobalSecondaryIndexes: [
          Match.objectLike({
            IndexName: TABLE_DESIGN.gsi1.name,
            KeySchema: [
              { AttributeName: TABLE_DESIGN.gsi1.partitionKey, KeyType: 'HASH' },
              { AttributeName: TABLE_DESIGN.gsi1.sortKey, KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          }),
        ],
      }),
    });
    expect(key.asObject()).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^DataKey/), 'Arn'] });
  });

  it('encrypts, versions and closes the upload bucket, and expires raw exports after 90 days', () => {
    const key = new Capture();
    t.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            {
              ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: key },
              BucketKeyEnabled: true,
            },
          ],
        },
        VersioningConfiguration: { Status: 'Enabled' },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
        LifecycleConfiguration: {
          Rules: Match.arrayWith([
            Match.objectLike({
              Id: 'ExpireRawExports',
              Prefix: 'raw/',
              ExpirationInDays: 90,
              NoncurrentVersionExpiration: { NoncurrentDays: 1 },
              Status: 'Enabled',
            }),
          ]),
        },
        LoggingConfiguration: {
          DestinationBucketName: { Ref: Match.stringLikeRegexp('^AccessLogBucket') },
          LogFilePrefix: 'upload-bucket/',
        },
      }),
    });
    expect(key.asObject()).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^DataKey/), 'Arn'] });
  });

  it('takes rawRetentionDays from context, else from MSV_RAW_RETENTION_DAYS, and refuses bad values', () => {
    const rawExpiry = (days: number) => ({
      LifecycleConfiguration: {
        Rules: Match.arrayWith([Match.objectLike({ Prefix: 'raw/', ExpirationInDays: days })]),
      },
    });
    synth({ rawRetentionDays: '30' }).stateful.hasResourceProperties('AWS::S3::Bucket', rawExpiry(30));
    expect(deployEnvName('rawRetentionDays')).toBe('MSV_RAW_RETENTION_DAYS');
    synth({}, { MSV_RAW_RETENTION_DAYS: '45' }).stateful.hasResourceProperties(
      'AWS::S3::Bucket',
      rawExpiry(45),
    );
    synth({ rawRetentionDays: 30 }, { MSV_RAW_RETENTION_DAYS: '45' }).stateful.hasResourceProperties(
      'AWS::S3::Bucket',
      rawExpiry(30),
    );
    expect(() => synth({ rawRetentionDays: 'ninety' })).toThrow(/rawRetentionDays/);
  });

  it('denies non-TLS access to every bucket and the queue', () => {
    const policies = {
      ...t.findResources('AWS::S3::BucketPolicy'),
      ...t.findResources('AWS::SQS::QueuePolicy'),
    };
    // Access-log, upload and delivery buckets, and the schedule dead-letter queue.
    expect(Object.keys(policies)).toHaveLength(4);
    for (const p of Object.values(policies)) {
      expect(p.Properties.PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      );
    }
  });

  it('rotates the data key', () => {
    t.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  it('holds the delivery schedules, their dead-letter queue and the mail identity', () => {
    t.resourceCountIs('AWS::Scheduler::ScheduleGroup', 1);
    t.hasResourceProperties('AWS::SQS::Queue', {
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 1209600,
    });
    t.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: 'msv@example.nl' });
    synth({ mailFrom: 'toestemming@bestuur.nl' }).stateful.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: 'toestemming@bestuur.nl',
    });
  });

  it('retains every resource that holds state (all but the access policies)', () => {
    const resources = Object.entries(
      t.toJSON().Resources as Record<string, { Type: string; DeletionPolicy?: string }>,
    );
    const notRetained = resources
      .filter(([, r]) => !/Policy$/.test(r.Type) && r.DeletionPolicy !== 'Retain')
      .map(([id, r]) => `${id} (${r.Type})`);
    expect(notRetained).toEqual([]);
  });

  it('outputs the table and bucket names', () => {
    t.hasOutput('TableName', {});
    t.hasOutput('UploadBucketName', {});
  });
});
