import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../shared/http/routes.js';
import { buildTestApp } from './synth.js';

/** The app without bundling (fast, no esbuild); context as `-c key=value` would give it. */
const synth = (context: Record<string, unknown> = {}) => {
  const { stateful, stateless } = buildTestApp(context);
  return {
    stateful: Template.fromStack(stateful),
    stateless: Template.fromStack(stateless),
    stack: stateless,
  };
};

type Statement = { Action: string | string[]; Effect: string; Resource: unknown };
/** Every IAM action granted to the role of the function whose logical id starts with `prefix`. */
const actionsOf = (t: Template, prefix: string): string[] => {
  const policies = t.findResources('AWS::IAM::Policy');
  const mine = Object.entries(policies).filter(([id]) => id.startsWith(`${prefix}ServiceRoleDefaultPolicy`));
  return mine.flatMap(([, p]) =>
    (p.Properties.PolicyDocument.Statement as Statement[]).flatMap((s) =>
      Array.isArray(s.Action) ? s.Action : [s.Action],
    ),
  );
};

describe('stateful stack', () => {
  let t: Template;
  beforeAll(() => {
    t = synth().stateful;
  });

  it('keeps the table: PITR, deletion protection, TTL, KMS, retained', () => {
    t.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
        TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
        SSESpecification: Match.objectLike({ SSEEnabled: true, SSEType: 'KMS' }),
        GlobalSecondaryIndexes: [
          Match.objectLike({ IndexName: 'gsi1', Projection: { ProjectionType: 'ALL' } }),
        ],
      }),
    });
  });

  it('encrypts, versions and closes the upload bucket, and expires raw exports after 90 days', () => {
    t.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            Match.objectLike({
              ServerSideEncryptionByDefault: Match.objectLike({ SSEAlgorithm: 'aws:kms' }),
              BucketKeyEnabled: true,
            }),
          ],
        },
        VersioningConfiguration: { Status: 'Enabled' },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        LifecycleConfiguration: {
          Rules: Match.arrayWith([
            Match.objectLike({ Id: 'ExpireRawExports', Prefix: 'raw/', ExpirationInDays: 90 }),
          ]),
        },
        LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'upload-bucket/' }),
      }),
    });
  });

  it('takes rawRetentionDays from context', () => {
    synth({ rawRetentionDays: '30' }).stateful.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: {
        Rules: Match.arrayWith([Match.objectLike({ Prefix: 'raw/', ExpirationInDays: 30 })]),
      },
    });
    expect(() => synth({ rawRetentionDays: 'ninety' })).toThrow(/rawRetentionDays/);
  });

  it('denies non-TLS access to every bucket', () => {
    const policies = t.findResources('AWS::S3::BucketPolicy');
    expect(Object.keys(policies)).toHaveLength(2);
    for (const p of Object.values(policies)) {
      expect(p.Properties.PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      );
    }
  });

  it('rotates the data key and retains it', () => {
    t.hasResource('AWS::KMS::Key', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({ EnableKeyRotation: true }),
    });
  });
});

describe('stateless stack', () => {
  let t: Template;
  beforeAll(() => {
    t = synth().stateless;
  });

  it('holds no stateful resources', () => {
    for (const type of ['AWS::DynamoDB::Table', 'AWS::S3::Bucket', 'AWS::KMS::Key']) {
      expect(Object.keys(t.findResources(type))).toEqual([]);
    }
  });

  it('runs every function on Node 22, arm64, with tracing', () => {
    const fns = Object.values(t.findResources('AWS::Lambda::Function'));
    expect(fns.length).toBe(6);
    for (const f of fns) {
      expect(f.Properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
      });
    }
  });

  it('declares every route of the shared table, guarded by the authorizer except /health', () => {
    for (const route of routes) {
      t.hasResourceProperties('AWS::ApiGatewayV2::Route', {
        RouteKey: `${route.method} ${route.path}`,
        AuthorizationType: route.auth ? 'CUSTOM' : 'NONE',
      });
    }
    expect(Object.keys(t.findResources('AWS::ApiGatewayV2::Route'))).toHaveLength(routes.length);
  });

  it('uses a REQUEST authorizer with simple responses and no cache', () => {
    t.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'REQUEST',
      EnableSimpleResponses: true,
      AuthorizerResultTtlInSeconds: 0,
      IdentitySource: ['$request.header.Authorization'],
      AuthorizerPayloadFormatVersion: '2.0',
    });
  });

  it('logs access and throttles the default stage', () => {
    t.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AccessLogSettings: Match.objectLike({ DestinationArn: Match.anyValue() }),
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
    });
  });

  it('grants least privilege', () => {
    const upload = actionsOf(t, 'UploadExport');
    expect(upload).toEqual(
      expect.arrayContaining(['s3:PutObject', 'dynamodb:PutItem', 'kms:GenerateDataKey*']),
    );
    expect(upload.filter((a) => /^s3:(Get|Delete|List)/.test(a))).toEqual([]);

    for (const fn of ['Authorizer', 'ListExports', 'GetSchoolYear']) {
      const actions = actionsOf(t, fn);
      expect(actions).toContain('dynamodb:GetItem');
      expect(
        actions.filter((a) => /^dynamodb:(Put|Update|Delete|BatchWrite)/.test(a) || a.startsWith('s3:')),
      ).toEqual([]);
    }
    for (const fn of ['Health', 'ListInstruments']) {
      expect(
        actionsOf(t, fn).filter(
          (a) => a.startsWith('dynamodb:') || a.startsWith('s3:') || a.startsWith('kms:'),
        ),
      ).toEqual([]);
    }
  });

  it('gives a function only the settings it uses', () => {
    const fns = t.findResources('AWS::Lambda::Function');
    const env = (prefix: string) =>
      Object.entries(fns).find(([id]) => id.startsWith(prefix))?.[1].Properties.Environment
        .Variables as Record<string, unknown>;
    expect(env('UploadExport')).toMatchObject({
      MSV_STAGE: 'aws',
      MSV_TABLE_NAME: expect.anything(),
      MSV_UPLOAD_BUCKET: expect.anything(),
    });
    expect(env('Health')).not.toHaveProperty('MSV_TABLE_NAME');
    expect(env('ListExports')).not.toHaveProperty('MSV_UPLOAD_BUCKET');
    for (const f of Object.values(fns))
      expect(f.Properties.Environment.Variables).not.toHaveProperty('MSV_NOW');
  });
});
