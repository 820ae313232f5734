/**
 * The local IAM enforcement proxy: one HTTP port in front of the local stand-ins (DynamoDB Local, s3rver, the
 * local SES, the Scheduler and SQS stand-ins, the local user pool's admin API). It reads which function signed a request from the SigV4 credential
 * scope (`Credential=AKID/date/region/service/aws4_request`, or the `X-Amz-Credential` query parameter of a
 * presigned URL), maps the request to IAM checks, evaluates them against that function's role policies, and
 * either forwards the request unchanged or answers 403 exactly as the service would.
 *
 * Signatures are not verified (the stand-ins do not either): the access key id only says who is calling, so the
 * proxy enforces least privilege between local functions, it is not a security boundary.
 *
 * What a client needs to go through it: every
 * `AWS_ENDPOINT_URL_{DYNAMODB,S3,SES,SCHEDULER,SQS,COGNITO_IDENTITY_PROVIDER}` (or `endpoint`)
 * set to {@link IamProxy.endpoint}; its function's access key id as `AWS_ACCESS_KEY_ID` (any secret); S3 with
 * `forcePathStyle` and the WHEN_REQUIRED checksum settings; and SQS queue URLs on the proxy's origin
 * (`{endpoint}/{account}/{queue}`), since the SQS client sends to the QueueUrl's host unless `endpoint` is set
 * in code. Presigned URLs then point at the proxy too and carry the rights of the function that signed them.
 */
import {
  Agent,
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DeployedResourcePolicy } from '../deployed-types.js';
import { type AwsErrorResponse, REFUSAL_MESSAGES, refusalResponse } from './denial.js';
import type { IamRequest, MappingContext, ProxiedService } from './iam-request.js';
import { createPolicyEvaluator, type LocalPrincipal } from './policy-evaluator.js';
import { iamRequestsOf, UnmappedRequestError } from './request-actions.js';

/** One request the proxy decided on (kept for tests and for `npm start`'s log). */
export interface IamDecision {
  /** ISO time of the decision. */
  at: string;
  service: ProxiedService;
  accessKeyId: string | undefined;
  /** The function (principal name), when the key is known. */
  principal: string | undefined;
  method: string;
  path: string;
  /** The IAM checks the request mapped to (empty when it could not be mapped or was not signed). */
  checks: readonly IamRequest[];
  allowed: boolean;
  /** Why it was refused (the message the client got). */
  reason?: string;
  /** Time spent mapping and evaluating (after the body arrived), in milliseconds. */
  evaluationMs: number;
}

/**
 * One allowed request as it went through, for whoever measures what a function does (the national-day bench):
 * who, which IAM actions, the bytes each way and, for DynamoDB, the answer itself (its items are counted there).
 */
export interface ProxyExchange {
  principal: string | undefined;
  service: ProxiedService;
  actions: readonly string[];
  /** The JSON protocols' operation (`x-amz-target`, e.g. `DynamoDB_20120810.TransactWriteItems`), if any. */
  target?: string;
  status: number;
  requestBytes: number;
  responseBytes: number;
  /** The request (DynamoDB's and SES's) and the answer (DynamoDB's): small, and kept only when someone meters. */
  requestBody?: Buffer;
  responseBody?: Buffer;
}

export interface IamProxyOptions {
  port: number;
  host?: string;
  /** Base URL of the stand-in per service; a service without one is refused. */
  upstreams: Partial<Record<ProxiedService, string>>;
  /** Who signs with which access key id. */
  principals: ReadonlyMap<string, LocalPrincipal>;
  resourcePolicies?: readonly DeployedResourcePolicy[];
  account: string;
  region: string;
  /** The access key id a stand-in expects instead of the function's (s3rver knows only `S3RVER`). */
  upstreamCredentials?: Partial<Record<ProxiedService, { accessKeyId: string }>>;
  /** Partition key attributes, when the tables are not the msv table design. */
  partitionKeys?: MappingContext['partitionKeys'];
  onDecision?: (decision: IamDecision) => void;
  /** Called when an allowed request's answer has gone back to the client. */
  onExchange?: (exchange: ProxyExchange) => void;
  log?: (line: string) => void;
  /** How many decisions `decisions()` keeps (the oldest go first); 1000 by default. */
  keepDecisions?: number;
}

export interface IamProxy {
  /** `http://127.0.0.1:{port}`: the one endpoint for every proxied service. */
  endpoint: string;
  stop(): Promise<void>;
  decisions(): readonly IamDecision[];
}

const SERVICES: ReadonlySet<string> = new Set<ProxiedService>([
  'dynamodb',
  's3',
  'ses',
  'scheduler',
  'sqs',
  'cognito-idp',
]);
const SCOPE = /Credential=([A-Za-z0-9]+)\/\d{8}\/[^/]+\/([^/]+)\/aws4_request/;
// Hop-by-hop headers belong to one connection; `expect` too, since Node already answered the 100-continue.
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'upgrade',
  'te',
  'trailer',
  'expect',
]);
const EMPTY = Buffer.alloc(0);

/** The caller's access key id and the service it signed for, from the header or a presigned URL. */
const credentialOf = (
  authorization: string | undefined,
  query: URLSearchParams,
): { accessKeyId: string; service: string } | undefined => {
  const fromHeader = authorization ? SCOPE.exec(authorization) : null;
  if (fromHeader) return { accessKeyId: fromHeader[1] as string, service: fromHeader[2] as string };
  const parts = query.get('X-Amz-Credential')?.split('/');
  if (parts?.length === 5 && parts[4] === 'aws4_request' && /^[A-Za-z0-9]+$/.test(parts[0] as string))
    return { accessKeyId: parts[0] as string, service: parts[3] as string };
  return undefined;
};

/** The service an unsigned request is meant for, from its shape: so that even the refusal parses. */
const serviceByShape = (req: IncomingMessage, path: string): ProxiedService => {
  const target = String(req.headers['x-amz-target'] ?? '');
  if (target.startsWith('DynamoDB_')) return 'dynamodb';
  if (target.startsWith('AmazonSQS.')) return 'sqs';
  if (target.startsWith('AWSCognitoIdentityProviderService.')) return 'cognito-idp';
  if (/^\/(schedules|schedule-groups)(\/|$)/.test(path)) return 'scheduler';
  if (path.startsWith('/v2/email/')) return 'ses';
  if (req.method === 'POST' && path === '/' && /form-urlencoded/.test(String(req.headers['content-type'])))
    return 'ses';
  return 's3';
};

const readBody = async (req: IncomingMessage): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
};

const send = (res: ServerResponse, r: AwsErrorResponse) => {
  res.writeHead(r.status, { ...r.headers, 'content-length': String(Buffer.byteLength(r.body)) });
  res.end(r.body);
};

/** Starts the proxy; resolves once it listens. */
export const startIamProxy = async (opts: IamProxyOptions): Promise<IamProxy> => {
  const host = opts.host ?? '127.0.0.1';
  const log = opts.log ?? (() => undefined);
  const keep = opts.keepDecisions ?? 1000;
  const evaluator = createPolicyEvaluator({
    account: opts.account,
    region: opts.region,
    ...(opts.resourcePolicies ? { resourcePolicies: opts.resourcePolicies } : {}),
  });
  const ctx: MappingContext = {
    account: opts.account,
    region: opts.region,
    ...(opts.partitionKeys ? { partitionKeys: opts.partitionKeys } : {}),
  };
  const upstreams = new Map<ProxiedService, URL>();
  for (const [service, base] of Object.entries(opts.upstreams))
    if (base) upstreams.set(service as ProxiedService, new URL(base));
  // Keep-alive to the stand-ins: the proxy carries every SDK call of the local stack.
  const agent = new Agent({ keepAlive: true, maxSockets: 64, keepAliveMsecs: 10_000 });
  const decisions: IamDecision[] = [];

  const decide = (d: IamDecision) => {
    decisions.push(d);
    if (decisions.length > keep) decisions.splice(0, decisions.length - keep);
    if (!d.allowed)
      log(`iam: DENY ${d.principal ?? d.accessKeyId ?? 'unsigned'} ${d.method} ${d.path}: ${d.reason}`);
    opts.onDecision?.(d);
  };

  const forward = (
    req: IncomingMessage,
    res: ServerResponse,
    service: ProxiedService,
    rawUrl: string,
    body: Buffer | undefined,
    meter?: (status: number, requestBytes: number, responseBytes: number, responseBody?: Buffer) => void,
  ) => {
    const upstream = upstreams.get(service) as URL;
    const key = opts.upstreamCredentials?.[service]?.accessKeyId;
    const headers: string[] = [];
    for (let i = 0; i < req.rawHeaders.length; i += 2) {
      const name = req.rawHeaders[i] as string;
      let value = req.rawHeaders[i + 1] as string;
      const lower = name.toLowerCase();
      if (HOP_BY_HOP.has(lower)) continue;
      if (lower === 'host') value = upstream.host;
      else if (lower === 'authorization' && key)
        value = value.replace(/Credential=[A-Za-z0-9]+\//, `Credential=${key}/`);
      headers.push(name, value);
    }
    const path = key ? rawUrl.replace(/([?&]X-Amz-Credential=)[A-Za-z0-9]+(%2F|\/)/i, `$1${key}$2`) : rawUrl;
    const base = upstream.pathname.replace(/\/$/, '');
    const upReq = httpRequest(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: base + path, headers, agent },
      (upRes) => {
        const out: string[] = [];
        for (let i = 0; i < upRes.rawHeaders.length; i += 2) {
          const name = upRes.rawHeaders[i] as string;
          if (!HOP_BY_HOP.has(name.toLowerCase())) out.push(name, upRes.rawHeaders[i + 1] as string);
        }
        res.writeHead(upRes.statusCode ?? 502, upRes.statusMessage, out);
        if (meter) {
          let bytes = 0;
          const kept: Buffer[] | undefined = service === 'dynamodb' ? [] : undefined;
          upRes.on('data', (c: Buffer) => {
            bytes += c.length;
            kept?.push(c);
          });
          upRes.on('end', () =>
            meter(upRes.statusCode ?? 502, sent, bytes, kept ? Buffer.concat(kept) : undefined),
          );
        }
        upRes.pipe(res);
        upRes.on('error', () => res.destroy());
      },
    );
    upReq.on('error', (err: NodeJS.ErrnoException) => {
      log(`iam: ${service} upstream ${upstream.origin} failed: ${err.code ?? err.message}`);
      // 503 before anything was sent: the SDK retries it as a transient error. Mid-response: cut the connection.
      if (res.headersSent) res.destroy();
      else
        send(
          res,
          refusalResponse(
            'upstream-unavailable',
            service,
            rawUrl,
            `The local ${service} stand-in is not reachable.`,
          ),
        );
    });
    // A client that goes away takes its upstream request along.
    res.on('close', () => {
      if (!res.writableFinished) upReq.destroy();
    });
    let sent = body?.length ?? 0;
    if (body) upReq.end(body);
    else {
      if (meter) req.on('data', (c: Buffer) => (sent += c.length));
      req.pipe(upReq);
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    let started = performance.now();
    const rawUrl = (req.url ?? '/').replace(/^[a-z]+:\/\/[^/]+/i, '') || '/';
    const q = rawUrl.indexOf('?');
    const path = q === -1 ? rawUrl : rawUrl.slice(0, q);
    const query = new URLSearchParams(q === -1 ? '' : rawUrl.slice(q + 1));
    const method = req.method ?? 'GET';
    const credential = credentialOf(req.headers.authorization, query);
    const service: ProxiedService =
      credential && SERVICES.has(credential.service)
        ? (credential.service as ProxiedService)
        : serviceByShape(req, path);
    const principal = credential ? opts.principals.get(credential.accessKeyId) : undefined;
    const base = { service, accessKeyId: credential?.accessKeyId, principal: principal?.name, method, path };
    const refuse = (
      refusal: 'access-denied' | 'unknown-key' | 'unsigned',
      reason: string,
      checks: IamRequest[],
    ) => {
      decide({
        at: new Date().toISOString(),
        ...base,
        checks,
        allowed: false,
        reason,
        evaluationMs: performance.now() - started,
      });
      // Drain what the client still sends, so the connection stays usable for its next request.
      req.resume();
      send(res, refusalResponse(refusal, service, path, reason));
    };

    if (!credential)
      return refuse(
        'unsigned',
        service === 's3' ? REFUSAL_MESSAGES['unsigned-s3'] : REFUSAL_MESSAGES.unsigned,
        [],
      );
    if (!principal)
      return refuse(
        'unknown-key',
        service === 's3' ? REFUSAL_MESSAGES['unknown-key-s3'] : REFUSAL_MESSAGES['unknown-key'],
        [],
      );
    const caller = evaluator.callerArn(principal);
    if (!SERVICES.has(credential.service) || !upstreams.has(service))
      return refuse(
        'access-denied',
        `User: ${caller} is not authorized to call ${credential.service}: the local IAM proxy has no stand-in for it`,
        [],
      );

    // Object uploads stream through (the mapper needs only their headers); everything else is small and buffered.
    const streamed = service === 's3' && method === 'PUT';
    const body = streamed ? undefined : await readBody(req);
    started = performance.now();
    let checks: IamRequest[];
    try {
      checks = iamRequestsOf(
        service,
        { method, path, query, headers: req.headers, body: body ?? EMPTY },
        ctx,
      );
    } catch (err) {
      if (!(err instanceof UnmappedRequestError)) throw err;
      return refuse(
        'access-denied',
        `User: ${caller} is not authorized to perform this request: the local IAM proxy cannot map it to IAM actions (${err.message})`,
        [],
      );
    }
    for (const check of checks) {
      const result = evaluator.evaluate(principal, check);
      if (!result.allowed) return refuse('access-denied', result.reason, checks);
    }
    decide({
      at: new Date().toISOString(),
      ...base,
      checks,
      allowed: true,
      evaluationMs: performance.now() - started,
    });
    const onExchange = opts.onExchange;
    forward(
      req,
      res,
      service,
      rawUrl,
      body,
      onExchange &&
        ((status, requestBytes, responseBytes, responseBody) =>
          onExchange({
            principal: principal.name,
            service,
            actions: checks.map((c) => c.action),
            ...(req.headers['x-amz-target'] ? { target: String(req.headers['x-amz-target']) } : {}),
            status,
            requestBytes,
            responseBytes,
            ...(responseBody ? { responseBody } : {}),
            ...(body && (service === 'dynamodb' || service === 'ses') ? { requestBody: body } : {}),
          })),
    );
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      // A bug in the proxy: say so briefly (never a stack trace to the client) and keep serving.
      log(`iam: proxy error on ${req.method} ${req.url}: ${(err as Error).stack ?? String(err)}`);
      if (res.headersSent) res.destroy();
      else {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end('local IAM proxy error');
      }
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://${host}:${port}`,
    decisions: () => [...decisions],
    stop: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      agent.destroy();
    },
  };
};
