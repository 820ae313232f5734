/**
 * A local stand-in for the API Gateway HTTP API: requests become payload 2.0 events for the very same handlers,
 * routed through the shared route table and guarded by the same Lambda authorizer, with API Gateway's own
 * answers for what never reaches a function (401 without a token, 403 when the authorizer says no, 404, 413).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  APIGatewayRequestAuthorizerEventV2,
} from 'aws-lambda';
import { AUTHORIZER_FN, matchRoute, type RouteSpec } from '../../shared/http/routes.js';
import type { ApiAnswer, ContractCheck } from './contract-check.js';

export interface GatewayOptions {
  /**
   * Invokes a function (its folder name) with an event, as Lambda would: the local runtime runs it with its
   * synthesized environment (infra/local/runtime.ts). The request id becomes the function's awsRequestId.
   */
  invoke: (fn: string, event: unknown, requestId: string) => Promise<unknown>;
  /** Serves what is not an API route (e.g. a web app); return false to fall through to 404. */
  fallback?: (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;
  log?: (line: string) => void;
  /**
   * Checks every answer of a route, the gateway's own included, against the route's contract
   * (infra/local/contract-check.ts): the tests' gateway does. An answer that does not fit is logged, handed to
   * `onMismatch`, and replaced by a 500 that names the problems, so that no test can pass over it.
   */
  checkAnswer?: ContractCheck;
  onMismatch?: (problems: readonly string[]) => void;
}

/** API Gateway's payload limit for HTTP APIs. Our own, smaller limits are the handlers' business. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

const JSON_HEADERS = { 'content-type': 'application/json' };

const send = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, JSON_HEADERS);
  res.end(JSON.stringify(body));
};

const readBody = (req: IncomingMessage): Promise<Buffer | 'too_large'> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? 'too_large' : Buffer.concat(chunks)));
    req.on('error', reject);
  });

/**
 * The request's headers as payload 2.0 has them: lower-case names, and a header sent more than once as one value,
 * its values joined with commas ("Duplicate headers are combined with commas", API Gateway's HTTP API
 * documentation). `req.headers` would not do: Node keeps only the first of two `Authorization` headers (and of
 * `Host`, `Content-Type`, …) and joins others with ", ". The identity source is that joined value too, so two
 * tokens reach the authorizer as `Bearer a,Bearer b`, which it refuses, as it would in AWS. Cookies go to
 * `cookies` instead.
 */
const headersOf = (req: IncomingMessage): Record<string, string> => {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headersDistinct)) {
    if (v !== undefined && k !== 'cookie') headers[k.toLowerCase()] = v.join(',');
  }
  return headers;
};

/** A function's result as API Gateway answers it: the body decoded from base64 when the function encoded it. */
export const answerOf = (result: APIGatewayProxyStructuredResultV2): ApiAnswer => ({
  statusCode: result.statusCode ?? 200,
  headers: {
    ...Object.fromEntries(Object.entries(result.headers ?? {}).map(([k, v]) => [k, String(v)])),
    ...(result.cookies?.length ? { 'set-cookie': result.cookies } : {}),
  },
  body:
    result.body === undefined
      ? ''
      : result.isBase64Encoded
        ? Buffer.from(result.body, 'base64')
        : result.body,
});

const clfTime = (d: Date) => {
  const month = d.toLocaleString('en-US', { month: 'short', timeZone: 'UTC' });
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(d.getUTCDate())}/${month}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
};

export const createGateway = (opts: GatewayOptions): Server => {
  const log = opts.log ?? (() => undefined);

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = (req.method ?? 'GET').toUpperCase();
    const match = matchRoute(method, url.pathname);
    if (!match.route) {
      if (opts.fallback && (await opts.fallback(req, res))) return;
      send(res, 404, { message: 'Not Found' });
      return;
    }
    const route: RouteSpec = match.route;
    const { pathParameters } = match as { pathParameters: Record<string, string> };
    /** Answers the route's request, after checking the answer against the route's contract when asked to. */
    const answer = (out: ApiAnswer) => {
      const problems = opts.checkAnswer?.(route, out) ?? [];
      if (problems.length > 0) {
        log(
          `${method} ${url.pathname}: the answer does not match the API contract:\n  ${problems.join('\n  ')}`,
        );
        opts.onMismatch?.(problems);
        send(res, 500, { message: 'The answer does not match the API contract', problems });
        return;
      }
      res.writeHead(out.statusCode, out.headers);
      res.end(out.body);
    };
    const gatewayAnswer = (statusCode: number, message: string) =>
      answer({ statusCode, headers: JSON_HEADERS, body: JSON.stringify({ message }) });
    const body = await readBody(req);
    if (body === 'too_large') {
      gatewayAnswer(413, 'Request Entity Too Large');
      return;
    }

    const now = new Date();
    const requestId = randomUUID();
    const headers = headersOf(req);
    const routeKey = `${route.method} ${route.path}`;
    const query = url.searchParams.size > 0 ? Object.fromEntries(url.searchParams) : undefined;
    const requestContext = {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: (headers.host ?? 'localhost').split('.')[0] ?? 'localhost',
      http: {
        method,
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId,
      routeKey,
      stage: '$default',
      time: clfTime(now),
      timeEpoch: now.getTime(),
    };

    let authorizer: { lambda: Record<string, unknown> } | undefined;
    if (route.auth) {
      // API Gateway answers 401 itself when the identity source is missing; the authorizer is not called.
      if (!headers.authorization) {
        gatewayAnswer(401, 'Unauthorized');
        return;
      }
      const authEvent: APIGatewayRequestAuthorizerEventV2 = {
        version: '2.0',
        type: 'REQUEST',
        routeArn: `arn:aws:execute-api:eu-west-1:000000000000:local/$default/${method}${url.pathname}`,
        identitySource: [headers.authorization],
        routeKey,
        rawPath: url.pathname,
        rawQueryString: url.search.slice(1),
        cookies: [],
        headers,
        queryStringParameters: query ?? {},
        pathParameters,
        stageVariables: {},
        requestContext: requestContext as APIGatewayRequestAuthorizerEventV2['requestContext'],
      };
      const decision = (await opts.invoke(AUTHORIZER_FN, authEvent, requestId)) as {
        isAuthorized: boolean;
        context?: Record<string, unknown>;
      };
      if (!decision.isAuthorized) {
        gatewayAnswer(403, 'Forbidden');
        return;
      }
      authorizer = { lambda: decision.context ?? {} };
    }

    const event: APIGatewayProxyEventV2 & { requestContext: { authorizer?: unknown } } = {
      version: '2.0',
      routeKey,
      rawPath: url.pathname,
      rawQueryString: url.search.slice(1),
      cookies: req.headers.cookie ? req.headers.cookie.split(/;\s*/) : undefined,
      headers,
      queryStringParameters: query,
      pathParameters,
      requestContext: { ...requestContext, ...(authorizer ? { authorizer } : {}) },
      // Always base64, so that every byte of a Windows-1252 or UTF-16 upload arrives as sent.
      body: body.length > 0 ? body.toString('base64') : undefined,
      isBase64Encoded: body.length > 0,
    };
    const result = (await opts.invoke(route.fn, event, requestId)) as APIGatewayProxyStructuredResultV2;
    const out = answerOf(result);
    answer({ ...out, headers: { ...out.headers, 'x-request-id': requestId } });
    log(`${method} ${url.pathname} → ${out.statusCode}`);
  };

  return createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      log(`${req.method} ${req.url} → 500: ${(err as Error)?.stack ?? String(err)}`);
      if (!res.headersSent) send(res, 500, { message: 'Internal Server Error' });
      else res.end();
    });
  });
};
