/**
 * Maps one HTTP request of an AWS SDK v3 client to the IAM authorization requests AWS makes for it: action(s),
 * resource ARN(s) and the service condition keys. Pure: no I/O, no clock, no policy evaluation. Every returned
 * request must be allowed for the HTTP request to be allowed; a request this mapper does not understand throws
 * {@link UnmappedRequestError}, which the proxy turns into a denial (nothing passes unchecked).
 */
import { TABLE_DESIGN } from '../../../shared/table-design.js';
import {
  decodeOrFail,
  fail,
  type HttpRequestParts,
  type IamRequest,
  type MappingContext,
  type ProxiedService,
} from './iam-request.js';
import { s3RequestsOf } from './s3-actions.js';

export {
  type HttpRequestParts,
  type IamRequest,
  type MappingContext,
  type ProxiedService,
  UnmappedRequestError,
} from './iam-request.js';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

const jsonBody = (body: Buffer, service: string): Json => {
  if (body.length === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return fail(`${service} request body is not JSON`);
  }
  return isObject(parsed) ? parsed : fail(`${service} request body is not a JSON object`);
};

const header = (h: HttpRequestParts['headers'], name: string): string | undefined => {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
};

const unique = (values: string[]): string[] => [...new Set(values)];
const OPERATION = /^[A-Za-z]{1,64}$/;

// ---------------------------------------------------------------------------------------------- DynamoDB

/** The string IAM compares for a key attribute value: S and N as written, B as its base64 text. */
const scalarOf = (av: unknown): string | undefined => {
  if (!isObject(av)) return undefined;
  for (const t of ['S', 'N', 'B'] as const) if (typeof av[t] === 'string') return av[t] as string;
  return undefined;
};

/** The partition key value of an equality key condition (`pk = :v`, `#k = :v`, legacy KeyConditions). */
const queryLeadingKey = (body: Json, keyAttr: string): string | undefined => {
  const names = isObject(body.ExpressionAttributeNames) ? body.ExpressionAttributeNames : {};
  const values = isObject(body.ExpressionAttributeValues) ? body.ExpressionAttributeValues : {};
  const attr = (token: string) => (token.startsWith('#') ? names[token] : token);
  if (typeof body.KeyConditionExpression === 'string') {
    // Key conditions are a conjunction of at most two comparisons; a `BETWEEN :a AND :b` half matches nothing.
    for (const part of body.KeyConditionExpression.split(/\s+AND\s+/i)) {
      const m = /^\(*\s*([#\w.-]+|:\w+)\s*=\s*([#\w.-]+|:\w+)\s*\)*$/.exec(part.trim());
      if (!m) continue;
      const [a, b] = [m[1] as string, m[2] as string];
      const [name, value] = a.startsWith(':') ? [b, a] : [a, b];
      if (attr(name) === keyAttr && value.startsWith(':')) return scalarOf(values[value]);
    }
  }
  const legacy = isObject(body.KeyConditions) ? body.KeyConditions[keyAttr] : undefined;
  if (isObject(legacy) && legacy.ComparisonOperator === 'EQ' && Array.isArray(legacy.AttributeValueList))
    return scalarOf(legacy.AttributeValueList[0]);
  return undefined;
};

/** Operations authorized on `*`: they name no table. */
const DYNAMODB_ACCOUNT_OPS = new Set([
  'ListTables',
  'DescribeLimits',
  'DescribeEndpoints',
  'ListBackups',
  'ListExports',
  'ListImports',
  'ListGlobalTables',
]);

const dynamodbRequests = (op: string, body: Json, ctx: MappingContext): IamRequest[] => {
  const keys = ctx.partitionKeys ?? {
    table: TABLE_DESIGN.partitionKey,
    indexes: { [TABLE_DESIGN.gsi1.name]: TABLE_DESIGN.gsi1.partitionKey },
  };
  const tableArn = (name: unknown): string => {
    if (typeof name !== 'string' || name === '') return fail(`dynamodb ${op} names no table`);
    if (name.startsWith('arn:')) return name;
    return `arn:aws:dynamodb:${ctx.region}:${ctx.account}:table/${name}`;
  };
  /** The partition key value of a Key or Item: IAM's dynamodb:LeadingKeys. */
  const leadingKey = (item: unknown, what: string): string => {
    const v = isObject(item) ? scalarOf(item[keys.table]) : undefined;
    return v ?? fail(`dynamodb ${op}: the ${what} has no partition key attribute '${keys.table}'`);
  };
  /** Request parameters that are condition keys of their own. */
  const extras = (b: Json): Record<string, string> => {
    const out: Record<string, string> = {};
    for (const k of ['ReturnValues', 'ReturnConsumedCapacity', 'Select'] as const)
      if (typeof b[k] === 'string') out[`dynamodb:${k}`] = b[k] as string;
    return out;
  };
  const item = (action: string, b: Json, key: unknown, what: string): IamRequest => ({
    action: `dynamodb:${action}`,
    resource: tableArn(b.TableName),
    context: { 'dynamodb:LeadingKeys': [leadingKey(key, what)], ...extras(b) },
  });

  switch (op) {
    case 'GetItem':
    case 'DeleteItem':
    case 'UpdateItem':
      return [item(op, body, body.Key, 'Key')];
    case 'PutItem':
      return [item(op, body, body.Item, 'Item')];
    case 'Query':
    case 'Scan': {
      const index = typeof body.IndexName === 'string' ? body.IndexName : undefined;
      const resource = index ? `${tableArn(body.TableName)}/index/${index}` : tableArn(body.TableName);
      const keyAttr = index ? keys.indexes[index] : keys.table;
      // Without an equality on the partition key we cannot name the leading key: it is left out (see README).
      const lead = op === 'Query' && keyAttr ? queryLeadingKey(body, keyAttr) : undefined;
      return [
        {
          action: `dynamodb:${op}`,
          resource,
          context: { ...(lead === undefined ? {} : { 'dynamodb:LeadingKeys': [lead] }), ...extras(body) },
        },
      ];
    }
    case 'BatchGetItem':
    case 'BatchWriteItem': {
      if (!isObject(body.RequestItems)) return fail(`dynamodb ${op} has no RequestItems`);
      return Object.entries(body.RequestItems).map(([table, entry]) => {
        const leads =
          op === 'BatchGetItem'
            ? (isObject(entry) && Array.isArray(entry.Keys) ? entry.Keys : fail(`${op}: no Keys`)).map((k) =>
                leadingKey(k, 'Key'),
              )
            : (Array.isArray(entry) ? entry : fail(`${op}: no write requests`)).map((w: unknown) => {
                if (isObject(w) && isObject(w.PutRequest)) return leadingKey(w.PutRequest.Item, 'Item');
                if (isObject(w) && isObject(w.DeleteRequest)) return leadingKey(w.DeleteRequest.Key, 'Key');
                return fail(`${op}: a write request is neither PutRequest nor DeleteRequest`);
              });
        return {
          action: `dynamodb:${op}`,
          resource: tableArn(table),
          context: { 'dynamodb:LeadingKeys': unique(leads), ...extras(body) },
        };
      });
    }
    case 'TransactWriteItems':
    case 'TransactGetItems': {
      // AWS authorizes every element as the single-item action it performs, each with its own leading key.
      if (!Array.isArray(body.TransactItems)) return fail(`dynamodb ${op} has no TransactItems`);
      const kinds: Record<string, [string, string]> =
        op === 'TransactGetItems'
          ? { Get: ['GetItem', 'Key'] }
          : {
              Put: ['PutItem', 'Item'],
              Update: ['UpdateItem', 'Key'],
              Delete: ['DeleteItem', 'Key'],
              ConditionCheck: ['ConditionCheckItem', 'Key'],
            };
      return body.TransactItems.map((element: unknown) => {
        const kind = isObject(element) ? Object.keys(kinds).find((k) => isObject(element[k])) : undefined;
        if (!kind || !isObject(element)) return fail(`dynamodb ${op}: an element of an unknown kind`);
        const [action, field] = kinds[kind] as [string, string];
        const b = element[kind] as Json;
        return item(action, b, b[field], field);
      });
    }
    default:
      if (DYNAMODB_ACCOUNT_OPS.has(op)) return [{ action: `dynamodb:${op}`, resource: '*' }];
      if (op === 'ExecuteStatement' || op === 'BatchExecuteStatement' || op === 'ExecuteTransaction')
        return fail(`dynamodb ${op} (PartiQL) is not mapped by the local IAM proxy`);
      // Table-level operations (DescribeTable, UpdateTimeToLive, CreateTable, …) are named as they are called.
      return [{ action: `dynamodb:${op}`, resource: tableArn(body.TableName) }];
  }
};

// ---------------------------------------------------------------------------------------------- SQS

const SQS_BATCH_ACTIONS: Record<string, string> = {
  SendMessageBatch: 'SendMessage',
  DeleteMessageBatch: 'DeleteMessage',
  ChangeMessageVisibilityBatch: 'ChangeMessageVisibility',
};

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

// ---------------------------------------------------------------------------------------------- SES

/** `"Name" <a@b>` → { address: 'a@b', displayName: 'Name' }. */
export const parseMailbox = (value: string): { address: string; displayName?: string } => {
  const m = /^\s*(.*?)\s*<([^<>]+)>\s*$/.exec(value);
  if (!m) return { address: value.trim() };
  const name = (m[1] as string).replace(/^"(.*)"$/, '$1').trim();
  return { address: (m[2] as string).trim(), ...(name ? { displayName: name } : {}) };
};

/** The From header of a raw MIME message (unfolded), or undefined. */
const rawFrom = (raw: string): string | undefined => {
  const head = raw.split(/\r?\n\r?\n/, 1)[0] ?? '';
  return /^from:[ \t]*(.*(?:\r?\n[ \t].*)*)/im.exec(head)?.[1]?.replace(/\r?\n[ \t]+/g, ' ');
};

const sendRequest = (
  action: string,
  from: string | undefined,
  identityArn: string | undefined,
  recipients: string[],
  ctx: MappingContext,
): IamRequest => {
  if (!from && !identityArn) return fail(`${action}: no sender address`);
  const mailbox = from ? parseMailbox(from) : undefined;
  const identity = (name: string) => `arn:aws:ses:${ctx.region}:${ctx.account}:identity/${name}`;
  const domain = mailbox?.address.split('@')[1];
  // SES refuses a sender that does not belong to the identity a SourceArn names (the address or its domain).
  if (identityArn && mailbox) {
    const named = identityArn.split(':identity/')[1]?.toLowerCase();
    if (named !== mailbox.address.toLowerCase() && named !== domain?.toLowerCase())
      fail(`${action}: the sender ${mailbox.address} does not belong to ${identityArn}`);
  }
  const context: Record<string, string | string[]> = {};
  if (mailbox) context['ses:FromAddress'] = mailbox.address;
  if (mailbox?.displayName) context['ses:FromDisplayName'] = mailbox.displayName;
  if (recipients.length > 0)
    context['ses:Recipients'] = unique(recipients.map((r) => parseMailbox(r).address));
  return {
    action,
    resource: identityArn ?? identity(mailbox?.address as string),
    ...(identityArn === undefined && domain ? { alternativeResources: [identity(domain)] } : {}),
    context,
  };
};

const sesRequests = (http: HttpRequestParts, ctx: MappingContext): IamRequest[] => {
  if (http.method === 'POST' && http.path === '/v2/email/outbound-emails') {
    const body = jsonBody(http.body, 'ses');
    const content = isObject(body.Content) ? body.Content : {};
    const raw = isObject(content.Raw) && typeof content.Raw.Data === 'string' ? content.Raw.Data : undefined;
    const dest = isObject(body.Destination) ? body.Destination : {};
    const recipients = ['ToAddresses', 'CcAddresses', 'BccAddresses'].flatMap((k) =>
      Array.isArray(dest[k]) ? (dest[k] as unknown[]).map(String) : [],
    );
    const from =
      typeof body.FromEmailAddress === 'string'
        ? body.FromEmailAddress
        : raw && rawFrom(Buffer.from(raw, 'base64').toString('utf8'));
    const arn =
      typeof body.FromEmailAddressIdentityArn === 'string' ? body.FromEmailAddressIdentityArn : undefined;
    return [sendRequest('ses:SendEmail', from, arn, recipients, ctx)];
  }
  if (http.method !== 'POST' || http.path !== '/')
    return fail(`ses ${http.method} ${http.path} is not mapped`);
  const form = new URLSearchParams(http.body.toString('utf8'));
  const action = form.get('Action') ?? '';
  const list = (prefix: string) =>
    [...form.entries()].filter(([k]) => k.startsWith(prefix)).map(([, v]) => v);
  switch (action) {
    case 'SendEmail':
    case 'SendTemplatedEmail':
      return [
        sendRequest(
          `ses:${action}`,
          form.get('Source') ?? undefined,
          form.get('SourceArn') ?? undefined,
          list('Destination.'),
          ctx,
        ),
      ];
    case 'SendRawEmail': {
      const data = form.get('RawMessage.Data');
      const from =
        form.get('Source') ?? (data ? rawFrom(Buffer.from(data, 'base64').toString('utf8')) : undefined);
      return [
        sendRequest('ses:SendRawEmail', from, form.get('SourceArn') ?? undefined, list('Destinations.'), ctx),
      ];
    }
    case 'GetSendQuota':
    case 'GetSendStatistics':
    case 'ListIdentities':
      return [{ action: `ses:${action}`, resource: '*' }];
    default:
      return fail(`ses Action=${action || '(none)'} is not mapped`);
  }
};

// ---------------------------------------------------------------------------------------------- Scheduler

const schedulerRequests = (http: HttpRequestParts, ctx: MappingContext): IamRequest[] => {
  const parts = http.path.split('/').filter(Boolean);
  const base = `arn:aws:scheduler:${ctx.region}:${ctx.account}`;
  const { method } = http;
  if (parts[0] === 'schedules' && parts.length === 1 && method === 'GET')
    // ListSchedules has no resource-level permissions: IAM authorizes it on `*`.
    return [{ action: 'scheduler:ListSchedules', resource: '*' }];
  if (parts[0] === 'schedule-groups' && parts.length === 1 && method === 'GET')
    return [{ action: 'scheduler:ListScheduleGroups', resource: '*' }];
  if (parts.length !== 2) return fail(`scheduler ${method} ${http.path} is not mapped`);
  const name = decodeOrFail(parts[1] as string, 'the scheduler path');
  if (parts[0] === 'schedule-groups') {
    const ops: Record<string, string> = {
      POST: 'CreateScheduleGroup',
      GET: 'GetScheduleGroup',
      DELETE: 'DeleteScheduleGroup',
    };
    const op = ops[method] ?? fail(`scheduler ${method} on a schedule group is not mapped`);
    return [{ action: `scheduler:${op}`, resource: `${base}:schedule-group/${name}` }];
  }
  if (parts[0] === 'tags') {
    const ops: Record<string, string> = {
      POST: 'TagResource',
      DELETE: 'UntagResource',
      GET: 'ListTagsForResource',
    };
    const op = ops[method] ?? fail(`scheduler ${method} on tags is not mapped`);
    return [{ action: `scheduler:${op}`, resource: name }];
  }
  if (parts[0] !== 'schedules') return fail(`scheduler ${method} ${http.path} is not mapped`);
  const ops: Record<string, string> = {
    POST: 'CreateSchedule',
    PUT: 'UpdateSchedule',
    GET: 'GetSchedule',
    DELETE: 'DeleteSchedule',
  };
  const op = ops[method] ?? fail(`scheduler ${method} on a schedule is not mapped`);
  const body = method === 'POST' || method === 'PUT' ? jsonBody(http.body, 'scheduler') : {};
  const group =
    (typeof body.GroupName === 'string' ? body.GroupName : http.query.get('groupName')) || 'default';
  const requests: IamRequest[] = [
    { action: `scheduler:${op}`, resource: `${base}:schedule/${group}/${name}` },
  ];
  const roleArn = isObject(body.Target) ? body.Target.RoleArn : undefined;
  // Creating or updating a schedule hands its target role to EventBridge Scheduler: iam:PassRole on that role.
  if (typeof roleArn === 'string')
    requests.push({
      action: 'iam:PassRole',
      resource: roleArn,
      context: { 'iam:PassedToService': 'scheduler.amazonaws.com' },
    });
  return requests;
};

// ---------------------------------------------------------------------------------------------- entry point

/** The operation of an AWS JSON 1.0 request (`x-amz-target: Prefix.Op`), or of a query request (`Action=`). */
const operationOf = (http: HttpRequestParts, prefix: string, params: Json): string => {
  const target = header(http.headers, 'x-amz-target');
  const op = target
    ? target.startsWith(`${prefix}.`)
      ? target.slice(prefix.length + 1)
      : ''
    : params.Action;
  if (typeof op !== 'string' || !OPERATION.test(op))
    return fail(`no ${prefix} operation in the request (x-amz-target ${target ?? 'missing'})`);
  return op;
};

/**
 * The IAM checks for one HTTP request of `service`; all of them must be allowed.
 * @throws UnmappedRequestError when the request cannot be mapped (the proxy denies it, naming the reason).
 */
export const iamRequestsOf = (
  service: ProxiedService,
  http: HttpRequestParts,
  ctx: MappingContext,
): IamRequest[] => {
  switch (service) {
    case 'dynamodb': {
      const body = jsonBody(http.body, 'dynamodb');
      return dynamodbRequests(operationOf(http, 'DynamoDB_20120810', body), body, ctx);
    }
    case 'sqs': {
      // AWS JSON 1.0 for current SDKs; the older query protocol (form-encoded) is read as well.
      const json = header(http.headers, 'x-amz-target') !== undefined;
      const params: Json = json
        ? jsonBody(http.body, 'sqs')
        : Object.fromEntries(new URLSearchParams(http.body.toString('utf8')));
      return sqsRequests(operationOf(http, 'AmazonSQS', params), params, ctx);
    }
    case 'ses':
      return sesRequests(http, ctx);
    case 'scheduler':
      return schedulerRequests(http, ctx);
    case 's3':
      return s3RequestsOf(http, ctx);
    default:
      return fail(`service ${String(service)} is not mapped`);
  }
};
