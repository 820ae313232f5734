/**
 * Error responses of the local IAM proxy in each service's own wire format, so that the unmodified SDK v3 client
 * throws the error AWS's service would make it throw: HTTP 403 and `AccessDeniedException` (DynamoDB, SQS,
 * Scheduler, SES v2: JSON protocols) or `AccessDenied` (S3: REST-XML, SES v1: query); Cognito user pools (AWS
 * JSON 1.1) answer every client error with HTTP 400 and a bare `__type`. No stack traces, ever.
 */
import { randomUUID } from 'node:crypto';
import type { ProxiedService } from './iam-request.js';

/** The wire formats of the proxied services. */
export type WireProtocol = 'awsJson' | 'awsJson1_1' | 'restJson' | 'restXml' | 'awsQuery';

/** What the proxy writes back: status, headers, body. */
export interface AwsErrorResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** The wire format of a request to `service` at `path` (SES speaks query at `/` and JSON below `/v2/`). */
export const protocolOf = (service: ProxiedService, path: string): WireProtocol => {
  switch (service) {
    case 'dynamodb':
    case 'sqs':
      return 'awsJson';
    case 'cognito-idp':
      return 'awsJson1_1';
    case 'scheduler':
      return 'restJson';
    case 's3':
      return 'restXml';
    case 'ses':
      return path.startsWith('/v2/') ? 'restJson' : 'awsQuery';
  }
};

const xml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** One error, rendered as `protocol` renders it; `code` is what the SDK turns into `err.name`. */
export const awsErrorResponse = (
  protocol: WireProtocol,
  error: { status: number; code: string; message: string },
): AwsErrorResponse => {
  const requestId = randomUUID();
  const { status, code, message } = error;
  switch (protocol) {
    case 'awsJson':
      // The SDK takes the name from __type after the '#'.
      return {
        status,
        headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': requestId },
        body: JSON.stringify({ __type: `com.amazon.coral.service#${code}`, message }),
      };
    case 'awsJson1_1':
      // As Cognito writes it: the bare name.
      return {
        status,
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': requestId },
        body: JSON.stringify({ __type: code, message }),
      };
    case 'restJson':
      // restJson clients read the name from the x-amzn-ErrorType header.
      return {
        status,
        headers: {
          'content-type': 'application/json',
          'x-amzn-errortype': code,
          'x-amzn-requestid': requestId,
        },
        body: JSON.stringify({ Message: message }),
      };
    case 'restXml':
      return {
        status,
        headers: {
          'content-type': 'application/xml',
          'x-amz-request-id': requestId,
          'x-amz-id-2': Buffer.from(requestId).toString('base64'),
        },
        body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${xml(code)}</Code><Message>${xml(message)}</Message><RequestId>${requestId}</RequestId><HostId>local-iam-proxy</HostId></Error>`,
      };
    case 'awsQuery':
      return {
        status,
        headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId },
        body: `<ErrorResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><Error><Type>Sender</Type><Code>${xml(code)}</Code><Message>${xml(message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
      };
  }
};

/** The kinds of refusal the proxy answers, and the upstream failure it turns into a retryable error. */
export type Refusal = 'access-denied' | 'unknown-key' | 'unsigned' | 'upstream-unavailable';

/** The error code per refusal and wire format (as AWS's services name them). */
const CODES: Record<Refusal, Record<WireProtocol, string>> = {
  'access-denied': {
    awsJson: 'AccessDeniedException',
    awsJson1_1: 'AccessDeniedException',
    restJson: 'AccessDeniedException',
    restXml: 'AccessDenied',
    awsQuery: 'AccessDenied',
  },
  'unknown-key': {
    awsJson: 'UnrecognizedClientException',
    awsJson1_1: 'UnrecognizedClientException',
    restJson: 'UnrecognizedClientException',
    restXml: 'InvalidAccessKeyId',
    awsQuery: 'InvalidClientTokenId',
  },
  unsigned: {
    awsJson: 'MissingAuthenticationTokenException',
    awsJson1_1: 'MissingAuthenticationTokenException',
    restJson: 'MissingAuthenticationTokenException',
    // S3 treats an unsigned request as anonymous, and anonymous access is denied.
    restXml: 'AccessDenied',
    awsQuery: 'MissingAuthenticationToken',
  },
  'upstream-unavailable': {
    awsJson: 'ServiceUnavailable',
    awsJson1_1: 'ServiceUnavailable',
    restJson: 'ServiceUnavailable',
    restXml: 'ServiceUnavailable',
    awsQuery: 'ServiceUnavailable',
  },
};

/**
 * The response for one refusal: 403 for the three refusals (400 on Cognito's protocol, as Cognito answers them;
 * neither is retried by the SDK), 503 for an unavailable upstream (retried by the SDK's standard retry strategy,
 * as a transient error).
 */
export const refusalResponse = (
  refusal: Refusal,
  service: ProxiedService,
  path: string,
  message: string,
): AwsErrorResponse => {
  const protocol = protocolOf(service, path);
  return awsErrorResponse(protocol, {
    status: refusal === 'upstream-unavailable' ? 503 : protocol === 'awsJson1_1' ? 400 : 403,
    code: CODES[refusal][protocol],
    message,
  });
};

/** The fixed messages AWS gives for the credential refusals. */
export const REFUSAL_MESSAGES = {
  'unknown-key': 'The security token included in the request is invalid.',
  'unknown-key-s3': 'The AWS Access Key Id you provided does not exist in our records.',
  unsigned: 'Missing Authentication Token',
  'unsigned-s3': 'Access Denied',
} as const;
