/**
 * The SQS part of the request mapper: the queue ARN from the QueueUrl (or QueueName) and the action, a batch
 * operation authorized as the single-message action it repeats, as AWS does.
 */
import { fail, type HttpRequestParts, type IamRequest, type MappingContext } from './iam-request.js';
import { header, type Json, jsonBody, operationOf } from './request-parsing.js';

/** A batch is authorized as the action it repeats: IAM has no `sqs:SendMessageBatch` and the like. */
const SQS_BATCH_ACTIONS: Record<string, string> = {
  SendMessageBatch: 'SendMessage',
  DeleteMessageBatch: 'DeleteMessage',
  ChangeMessageVisibilityBatch: 'ChangeMessageVisibility',
};

/** The checks of SQS operation `op`, whose parameters (JSON or form) are `params`. */
const sqsRequests = (op: string, params: Json, ctx: MappingContext): IamRequest[] => {
  const action = `sqs:${SQS_BATCH_ACTIONS[op] ?? op}`;
  if (op === 'ListQueues') return [{ action, resource: '*' }];
  const arnOf = (account: string, name: string) => {
    if (!/^\d{12}$/.test(account) || !/^[\w-]{1,80}(\.fifo)?$/.test(name))
      return fail(`sqs ${op}: not a queue: ${account}/${name}`);
    return `arn:aws:sqs:${ctx.region}:${account}:${name}`;
  };
  if (typeof params.QueueUrl === 'string') {
    let segments: string[];
    try {
      segments = new URL(params.QueueUrl).pathname.split('/').filter(Boolean);
    } catch {
      return fail(`sqs ${op}: QueueUrl is not a URL`);
    }
    if (segments.length !== 2) return fail(`sqs ${op}: QueueUrl does not end in /{account}/{queue}`);
    return [{ action, resource: arnOf(segments[0] as string, segments[1] as string) }];
  }
  if (typeof params.QueueName === 'string') {
    // GetQueueUrl and CreateQueue name the queue; another account's queue only when the request says so.
    const owner =
      typeof params.QueueOwnerAWSAccountId === 'string' ? params.QueueOwnerAWSAccountId : ctx.account;
    return [{ action, resource: arnOf(owner, params.QueueName) }];
  }
  return fail(`sqs ${op} names no queue`);
};

/** The IAM checks of one SQS request. */
export const sqsRequestsOf = (http: HttpRequestParts, ctx: MappingContext): IamRequest[] => {
  // AWS JSON 1.0 for current SDKs; the older query protocol (form-encoded) is read as well.
  const json = header(http.headers, 'x-amz-target') !== undefined;
  const params: Json = json
    ? jsonBody(http.body, 'sqs')
    : Object.fromEntries(new URLSearchParams(http.body.toString('utf8')));
  return sqsRequests(operationOf(http, 'AmazonSQS', params), params, ctx);
};
