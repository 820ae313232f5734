/**
 * Builds API Gateway HTTP API v2 events from the samples in events/api, so tests use the same shape the local
 * gateway and API Gateway produce.
 */
import { readFileSync } from 'node:fs';
import type { APIGatewayRequestAuthorizerEventV2, Context } from 'aws-lambda';
import type { ApiEvent, AuthorizerContext } from '../../functions/lib/http.js';
import type { Principal } from '../../shared/model.js';
import { encodeMemberships } from '../../shared/people/membership.js';

const sample = <T>(name: string): T =>
  JSON.parse(readFileSync(new URL(`../../events/api/${name}.json`, import.meta.url), 'utf8')) as T;

export interface EventInput {
  method?: string;
  routeKey: string;
  pathParameters?: Record<string, string>;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: Uint8Array | string;
  principal?: Principal;
}

export const apiEvent = (input: EventInput): ApiEvent => {
  const base = sample<ApiEvent>('upload-export');
  const [method = 'GET', routePath = '/'] = input.routeKey.split(' ');
  const rawPath = routePath.replace(/\{(\w+)\}/g, (_, k: string) => input.pathParameters?.[k] ?? '');
  const body = input.body === undefined ? undefined : Buffer.from(input.body).toString('base64');
  const p = input.principal;
  return {
    ...base,
    routeKey: input.routeKey,
    rawPath,
    rawQueryString: new URLSearchParams(input.query ?? {}).toString(),
    headers: { host: 'localhost', ...input.headers },
    queryStringParameters: input.query,
    pathParameters: input.pathParameters,
    body,
    isBase64Encoded: body !== undefined,
    requestContext: {
      ...base.requestContext,
      routeKey: input.routeKey,
      http: { ...base.requestContext.http, method, path: rawPath },
      authorizer: {
        lambda: p ? authorizerContextOf(p) : (undefined as never),
      },
    },
  };
};

export const authorizerEvent = (authorization?: string): APIGatewayRequestAuthorizerEventV2 => {
  const base = sample<APIGatewayRequestAuthorizerEventV2>('authorizer-request');
  return {
    ...base,
    identitySource: authorization ? [authorization] : [],
    headers: authorization ? { ...base.headers, authorization } : { host: 'localhost' },
  };
};

/** The Lambda context of a handler called directly by a test. */
export const lambdaContext = (): Context =>
  ({
    functionName: 'msv-test',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:eu-west-1:000000000000:function:msv-test',
    memoryLimitInMB: '512',
    awsRequestId: 'test-request',
    logGroupName: '/aws/lambda/msv-test',
    logStreamName: 'local',
    callbackWaitsForEmptyEventLoop: false,
    getRemainingTimeInMillis: () => 29_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  }) as Context;

/** The authorizer's context for a principal, as functions/authorizer gives it. */
export const authorizerContextOf = (p: Principal): AuthorizerContext =>
  p.role === 'person'
    ? {
        role: 'person',
        sub: p.sub,
        email: p.email,
        name: p.name,
        memberships: encodeMemberships(p.memberships),
        ...(p.homeOrg ? { homeOrg: p.homeOrg } : {}),
      }
    : {
        tokenId: p.tokenId,
        role: p.role,
        schoolIds: p.schoolIds.join(','),
        boardId: p.boardId ?? '',
      };
