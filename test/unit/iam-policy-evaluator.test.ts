/**
 * The local IAM proxy's policy evaluator (iam-simulate underneath): the AWS outcomes and messages for the policy
 * shapes the stack uses, resource policies in the same account, and the AGPL evaluator staying out of the functions.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PolicyStatementJson } from '../../infra/local/deployed-types.js';
import { createPolicyEvaluator, type LocalPrincipal } from '../../infra/local/iam/policy-evaluator.js';

const TABLE = 'arn:aws:dynamodb:eu-west-1:000000000000:table/msv';
const BUCKET = 'arn:aws:s3:::msv-uploads';
const CALLER = 'arn:aws:sts::000000000000:assumed-role/msv-fn-role/fn';
const fn = (...Statement: PolicyStatementJson[]): LocalPrincipal => ({
  name: 'fn',
  roleArn: 'arn:aws:iam::000000000000:role/service-role/msv-fn-role',
  policies: [{ Version: '2012-10-17', Statement }],
});
const writes: PolicyStatementJson = {
  Effect: 'Allow',
  Action: ['dynamodb:PutItem', 'dynamodb:UpdateItem'],
  Resource: TABLE,
  Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['SCHOOLYEAR#*', 'DELIVERYDATE#*'] } },
};
const evaluator = createPolicyEvaluator({ account: '000000000000', region: 'eu-west-1' });
const put = (pk: string) => ({
  action: 'dynamodb:PutItem',
  resource: TABLE,
  context: { 'dynamodb:LeadingKeys': [pk] },
});

describe('policy evaluator', () => {
  it('ForAllValues:StringLike on dynamodb:LeadingKeys, with the AWS message for an implicit deny', () => {
    const p = fn(writes);
    expect(evaluator.evaluate(p, put('SCHOOLYEAR#1#2025-2026'))).toEqual({ allowed: true });
    expect(evaluator.evaluate(p, put('TOKEN#abc'))).toEqual({
      allowed: false,
      reason: `User: ${CALLER} is not authorized to perform: dynamodb:PutItem on resource: ${TABLE} because no identity-based policy allows the dynamodb:PutItem action`,
    });
    expect(evaluator.callerArn(p)).toBe(CALLER);
  });

  it('an explicit deny wins, also through a NotAction statement', () => {
    const p = fn(writes, { Effect: 'Deny', NotAction: 'dynamodb:GetItem', Resource: TABLE });
    expect(evaluator.evaluate(p, put('SCHOOLYEAR#1'))).toMatchObject({
      allowed: false,
      reason: expect.stringMatching(/with an explicit deny in an identity-based policy$/),
    });
  });

  it('resource policies: an explicit deny there denies; enforceSSL does not, the SDK talks https to AWS', () => {
    const enforceSsl: PolicyStatementJson = {
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: 's3:*',
      Resource: [BUCKET, `${BUCKET}/*`],
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    };
    const withPolicy = (...Statement: PolicyStatementJson[]) =>
      createPolicyEvaluator({
        account: '000000000000',
        region: 'eu-west-1',
        resourcePolicies: [{ resourceArn: BUCKET, policy: { Version: '2012-10-17', Statement } }],
      });
    const p = fn({ Effect: 'Allow', Action: 's3:PutObject', Resource: `${BUCKET}/raw/*` });
    const req = { action: 's3:PutObject', resource: `${BUCKET}/raw/x.csv` };
    expect(withPolicy(enforceSsl).evaluate(p, req)).toEqual({ allowed: true });
    const denied = withPolicy(enforceSsl, {
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: 's3:PutObject',
      Resource: `${BUCKET}/raw/*`,
      Condition: { StringNotEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' } },
    }).evaluate(p, req);
    expect(denied).toMatchObject({
      allowed: false,
      reason: expect.stringMatching(/with an explicit deny in a resource-based policy$/),
    });
  });

  it('iam:PassRole with iam:PassedToService; alternatives (SES domain identity) allow too', () => {
    const role = 'arn:aws:iam::000000000000:role/scheduler';
    const p = fn(
      {
        Effect: 'Allow',
        Action: 'iam:PassRole',
        Resource: role,
        Condition: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
      },
      {
        Effect: 'Allow',
        Action: 'ses:SendEmail',
        Resource: 'arn:aws:ses:eu-west-1:000000000000:identity/msv.test',
      },
    );
    const pass = (service: string) => ({
      action: 'iam:PassRole',
      resource: role,
      context: { 'iam:PassedToService': service },
    });
    expect(evaluator.evaluate(p, pass('scheduler.amazonaws.com')).allowed).toBe(true);
    expect(evaluator.evaluate(p, pass('lambda.amazonaws.com')).allowed).toBe(false);
    const identity = 'arn:aws:ses:eu-west-1:000000000000:identity';
    const send = { action: 'ses:SendEmail', resource: `${identity}/msv@msv.test` };
    expect(evaluator.evaluate(p, { ...send, alternativeResources: [`${identity}/msv.test`] }).allowed).toBe(
      true,
    );
    expect(evaluator.evaluate(p, send)).toMatchObject({
      allowed: false,
      reason: expect.stringContaining('msv@msv.test'),
    });
  });

  it('an invalid identity policy denies everything of that principal, saying why', () => {
    const p = fn({
      Effect: 'Allow',
      Action: 'dynamodb:GetItem',
      Resource: 'not-an-arn',
    } as PolicyStatementJson);
    expect(evaluator.evaluate(p, { action: 'dynamodb:GetItem', resource: TABLE })).toMatchObject({
      allowed: false,
      reason: expect.stringContaining('identity-based policies are invalid'),
    });
  });

  it('is imported from infra/local only: no file under functions/ or shared/ imports @cloud-copilot', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((f) => {
        const path = join(dir, f);
        return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
      });
    const root = new URL('../../', import.meta.url).pathname;
    const offenders = ['functions', 'shared']
      .flatMap((d) => files(join(root, d)))
      .filter((f) => readFileSync(f, 'utf8').includes('@cloud-copilot'));
    expect(offenders).toEqual([]);
  });
});
