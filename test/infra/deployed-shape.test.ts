import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { CfnElement, Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../infra/constructs/msv-function.js';
import {
  deployedShape,
  type LocalDeployedShape,
  localPhysicalNames,
} from '../../infra/local/deployed-shape.js';
import { LOCAL_ACCOUNT, LOCAL_REGION } from '../../infra/local/deployed-types.js';
import { synthApp, type TemplateJson } from '../../infra/local/synth.js';

const LOCAL = {
  tableName: 'msv-local',
  uploadBucket: 'msv-local-uploads',
  deliveryBucket: 'msv-local-deliveries',
  scheduleDeadLetterQueue: 'msv-local-schedule-dlq',
  deliveryQueue: 'msv-local-delivery-jobs',
  dataKeyId: '11111111-2222-3333-4444-555555555555',
  queueUrl: (name: string) => `http://localhost:8007/${LOCAL_ACCOUNT}/${name}`,
  signIn: { issuer: 'http://127.0.0.1:8008', clientId: 'msv-local-web' },
};
const TABLE_ARN = `arn:aws:dynamodb:${LOCAL_REGION}:${LOCAL_ACCOUNT}:table/${LOCAL.tableName}`;

/** The function folders (every folder under functions/ but the shared lib). */
const functionFolders = readdirSync(join(REPO_ROOT, 'functions'), { withFileTypes: true })
  .filter((d) => d.isDirectory() && d.name !== 'lib')
  .map((d) => d.name)
  .sort();

const logicalIdOf = (stack: Stack, construct: IConstruct) =>
  stack.getLogicalId(construct.node.defaultChild as CfnElement);

/** Every string in `value` that still looks like CloudFormation: an intrinsic object or a `${…}`. */
const unresolved = (value: unknown, path = ''): string[] => {
  if (typeof value === 'string') return value.includes('${') ? [`${path}: ${value}`] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => unresolved(v, `${path}[${i}]`));
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([k, v]) =>
      k === 'Ref' || k.startsWith('Fn::') ? [`${path}.${k}`] : unresolved(v, `${path}.${k}`),
    );
  }
  return [];
};

describe('deployed shape of the synthesized app', () => {
  let synth: ReturnType<typeof synthApp>;
  let templates: Record<string, TemplateJson>;
  let shape: LocalDeployedShape;
  beforeAll(() => {
    synth = synthApp();
    templates = synth.templates;
    shape = deployedShape(templates, {
      account: LOCAL_ACCOUNT,
      region: LOCAL_REGION,
      physical: localPhysicalNames(synth, LOCAL),
      queueUrlBase: LOCAL.queueUrl,
    });
  });
  const fn = (name: string) => {
    const found = shape.functions.find((f) => f.fn === name);
    if (!found) throw new Error(`no function ${name} in the shape`);
    return found;
  };

  it('maps the local names onto the logical ids of the stateful and stateless resources', () => {
    const { stateful, stateless } = synth;
    const physical = localPhysicalNames(synth, LOCAL);
    expect(physical[stateful.stackName]?.[logicalIdOf(stateful, stateful.table)]).toEqual({
      name: 'msv-local',
    });
    expect(physical[stateful.stackName]?.[logicalIdOf(stateful, stateful.dataKey)]).toEqual({
      ref: LOCAL.dataKeyId,
    });
    expect(physical[stateless.stackName]?.[logicalIdOf(stateless, stateless.deliveryQueue)]).toEqual({
      name: LOCAL.deliveryQueue,
      ref: LOCAL.queueUrl(LOCAL.deliveryQueue),
    });
  });

  it('has every function folder once, and leaves out only CDK’s own handlers', () => {
    expect(shape.functions.map((f) => f.fn).sort()).toEqual(functionFolders);
    const lambdas = Object.values(templates).flatMap((t) =>
      Object.values(t.Resources ?? {}).filter((r) => r.Type === 'AWS::Lambda::Function'),
    );
    expect(shape.functions.length + shape.skipped.length).toBe(lambdas.length);
    for (const s of shape.skipped) expect(s.logicalId).toMatch(/^Custom/);
  });

  it('resolves every environment value and policy to plain strings', () => {
    for (const f of shape.functions) {
      expect(Object.values(f.environment).every((v) => typeof v === 'string')).toBe(true);
      expect(unresolved(f.environment, `${f.fn}.environment`)).toEqual([]);
      expect(unresolved(f.policies, `${f.fn}.policies`)).toEqual([]);
      expect(f.functionArn).toBe(
        `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:${f.functionName}`,
      );
      expect(f.roleArn).toMatch(new RegExp(`^arn:aws:iam::${LOCAL_ACCOUNT}:role/`));
      expect(f.policies.length).toBeGreaterThan(0);
    }
    expect(unresolved(shape.resourcePolicies, 'resourcePolicies')).toEqual([]);
    expect(unresolved(shape.queueSources, 'queueSources')).toEqual([]);
  });

  it('gives the consent function the local table, and writes only under the leading keys of its grant', () => {
    const consent = fn('consent');
    expect(consent.environment.MSV_TABLE_NAME).toBe(LOCAL.tableName);
    expect(consent.environment.MSV_SCHEDULE_DLQ_ARN).toBe(
      `arn:aws:sqs:${LOCAL_REGION}:${LOCAL_ACCOUNT}:${LOCAL.scheduleDeadLetterQueue}`,
    );
    const statements = consent.policies.flatMap((p) => p.Statement);
    const writes = statements.find((s) => [s.Action].flat().includes('dynamodb:PutItem'));
    expect(writes).toMatchObject({
      Effect: 'Allow',
      Resource: TABLE_ARN,
      Condition: {
        'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': expect.arrayContaining(['SCHOOLYEAR#*']) },
      },
    });
    const reads = statements.find((s) => [s.Action].flat().includes('dynamodb:Query'));
    expect(reads?.Resource).toEqual([TABLE_ARN, `${TABLE_ARN}/index/*`]);
    const kms = statements.find((s) => [s.Action].flat().includes('kms:Decrypt'));
    expect(kms?.Resource).toBe(`arn:aws:kms:${LOCAL_REGION}:${LOCAL_ACCOUNT}:key/${LOCAL.dataKeyId}`);
  });

  it('gives the authorizer the local OpenID provider in place of the user pool and the web app client', () => {
    expect(fn('authorizer').environment).toMatchObject({
      MSV_PEOPLE_ISSUER: LOCAL.signIn.issuer,
      MSV_PEOPLE_CLIENT_ID: LOCAL.signIn.clientId,
    });
    // Without the local provider, in the AWS formats (cfn-defaults.ts), never an unresolved reference.
    const { signIn: _, ...withoutSignIn } = LOCAL;
    const aws = deployedShape(templates, {
      account: LOCAL_ACCOUNT,
      region: LOCAL_REGION,
      physical: localPhysicalNames(synth, withoutSignIn),
      queueUrlBase: LOCAL.queueUrl,
    }).functions.find((f) => f.fn === 'authorizer');
    expect(aws?.environment.MSV_PEOPLE_ISSUER).toMatch(
      new RegExp(`^https://cognito-idp\\.${LOCAL_REGION}\\.amazonaws\\.com/${LOCAL_REGION}_[0-9a-f]{9}$`),
    );
    expect(aws?.environment.MSV_PEOPLE_CLIENT_ID).toMatch(/^[0-9a-f]{26}$/);
  });

  it('gives the dispatcher the local delivery queue URL', () => {
    expect(Object.values(fn('dispatch-deliveries').environment)).toContain(
      LOCAL.queueUrl(LOCAL.deliveryQueue),
    );
  });

  it('reads the worker’s queue source from the template: batch size, concurrency, redrive, visibility', () => {
    const { stateless } = synth;
    const queue =
      templates[stateless.stackName]?.Resources?.[logicalIdOf(stateless, stateless.deliveryQueue)];
    const sources = shape.queueSources.filter((q) => q.queueName === LOCAL.deliveryQueue);
    expect(sources).toHaveLength(1);
    expect(sources[0]).toEqual({
      fn: 'deliver-school',
      queueName: LOCAL.deliveryQueue,
      queueArn: `arn:aws:sqs:${LOCAL_REGION}:${LOCAL_ACCOUNT}:${LOCAL.deliveryQueue}`,
      batchSize: 5,
      maxConcurrency: 5,
      reportBatchItemFailures: true,
      maxReceiveCount: 5,
      visibilityTimeoutSeconds: queue?.Properties?.VisibilityTimeout,
    });
  });

  it('keys the upload bucket’s enforceSSL policy by the bucket ARN', () => {
    const policies = shape.resourcePolicies.filter(
      (p) => p.resourceArn === `arn:aws:s3:::${LOCAL.uploadBucket}`,
    );
    expect(policies).toHaveLength(1);
    expect(policies[0]?.policy.Statement).toContainEqual({
      Action: 's3:*',
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Resource: [`arn:aws:s3:::${LOCAL.uploadBucket}`, `arn:aws:s3:::${LOCAL.uploadBucket}/*`],
    });
  });

  it('keys queue policies by the queue ARN', () => {
    expect(shape.resourcePolicies.map((p) => p.resourceArn)).toContain(
      `arn:aws:sqs:${LOCAL_REGION}:${LOCAL_ACCOUNT}:${LOCAL.deliveryQueue}`,
    );
  });
});
