/**
 * What the functions asked of AWS during the national-day bench, counted at the local IAM proxy from every
 * allowed SDK call (infra/local/iam/iam-proxy.ts `onExchange`), per function: requests by action, DynamoDB items
 * and the capacity units AWS would bill for them, S3 puts and bytes, SQS requests and mails. Counted, not
 * estimated: each figure is the sum of what went through.
 */
import type { ProxyExchange } from '../infra/local/iam/iam-proxy.js';

/** One function's counts. */
export interface FunctionCounts {
  /** Requests by their first IAM action (a transaction by its first element's). */
  requests: Record<string, number>;
  /** Requests by operation, for the JSON protocols (DynamoDB, SQS): `dynamodb:TransactWriteItems`, … */
  operations: Record<string, number>;
  dynamoReadRequests: number;
  dynamoWriteRequests: number;
  dynamoReadItems: number;
  dynamoWriteItems: number;
  /** Read and write request units as on-demand bills them (see unitsOf). */
  dynamoReadUnits: number;
  dynamoWriteUnits: number;
  dynamoReadBytes: number;
  dynamoWriteBytes: number;
  s3Puts: number;
  s3Gets: number;
  s3BytesWritten: number;
  sqsRequests: number;
  mails: number;
  mailRecipients: number;
  /** Answers that were not 2xx (throttles and errors the SDK or the code then handled). */
  failedRequests: number;
}

const READS = new Set(['GetItem', 'Query', 'Scan', 'BatchGetItem', 'TransactGetItems']);
const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems']);

const empty = (): FunctionCounts => ({
  requests: Object.create(null) as Record<string, number>,
  operations: Object.create(null) as Record<string, number>,
  dynamoReadRequests: 0,
  dynamoWriteRequests: 0,
  dynamoReadItems: 0,
  dynamoWriteItems: 0,
  dynamoReadUnits: 0,
  dynamoWriteUnits: 0,
  dynamoReadBytes: 0,
  dynamoWriteBytes: 0,
  s3Puts: 0,
  s3Gets: 0,
  s3BytesWritten: 0,
  sqsRequests: 0,
  mails: 0,
  mailRecipients: 0,
  failedRequests: 0,
});

type Json = Record<string, unknown>;
const parse = (b: Buffer | undefined): Json => {
  try {
    return b && b.length > 0 ? (JSON.parse(b.toString('utf8')) as Json) : {};
  } catch {
    return {};
  }
};

/**
 * An item's size as DynamoDB bills it is the lengths of its attribute names and values; its JSON text is a little
 * larger (quotes, type tags), so units from it are an upper bound, rounded up per item as AWS rounds.
 */
const jsonBytes = (v: unknown) => Buffer.byteLength(JSON.stringify(v ?? {}));
const writeUnits = (bytes: number) => Math.max(1, Math.ceil(bytes / 1024));
/** Strongly consistent reads cost a unit per 4 KB, eventually consistent ones half; per item, rounded up. */
const readUnits = (bytes: number, consistent: boolean) =>
  Math.max(1, Math.ceil(bytes / 4096)) * (consistent ? 1 : 0.5);

const countDynamo = (c: FunctionCounts, op: string, x: ProxyExchange) => {
  const req = parse(x.requestBody);
  const res = parse(x.responseBody);
  const consistent = req.ConsistentRead === true;
  if (READS.has(op)) {
    c.dynamoReadRequests++;
    c.dynamoReadBytes += x.responseBytes;
    const items: unknown[] =
      op === 'GetItem'
        ? res.Item
          ? [res.Item]
          : []
        : op === 'TransactGetItems'
          ? ((res.Responses as Json[] | undefined) ?? []).map((r) => r.Item).filter(Boolean)
          : op === 'BatchGetItem'
            ? Object.values((res.Responses as Record<string, unknown[]>) ?? {}).flat()
            : ((res.Items as unknown[]) ?? []);
    c.dynamoReadItems += items.length;
    // Transactions read at twice the strongly consistent rate; a Query's units are for its summed size.
    if (op === 'Query' || op === 'Scan')
      c.dynamoReadUnits += readUnits(
        items.reduce<number>((n, i) => n + jsonBytes(i), 0),
        consistent,
      );
    else
      for (const i of items)
        c.dynamoReadUnits +=
          op === 'TransactGetItems' ? 2 * readUnits(jsonBytes(i), true) : readUnits(jsonBytes(i), consistent);
    // A miss is still billed at least one unit.
    if (items.length === 0) c.dynamoReadUnits += readUnits(0, consistent);
  } else if (WRITES.has(op)) {
    c.dynamoWriteRequests++;
    c.dynamoWriteBytes += x.requestBytes;
    const elements: Json[] =
      op === 'TransactWriteItems'
        ? ((req.TransactItems as Json[] | undefined) ?? []).map((t) => Object.values(t)[0] as Json)
        : op === 'BatchWriteItem'
          ? Object.values((req.RequestItems as Record<string, Json[]>) ?? {})
              .flat()
              .map((r) => Object.values(r)[0] as Json)
          : [req];
    c.dynamoWriteItems += elements.length;
    // An update is billed for the item's size after it, which the request does not show: its key and new values.
    const factor = op === 'TransactWriteItems' ? 2 : 1;
    for (const e of elements) c.dynamoWriteUnits += factor * writeUnits(jsonBytes(e.Item ?? e));
  }
};

export class ExchangeMeter {
  private readonly byFunction = new Map<string, FunctionCounts>();

  /** Counts one exchange (bound, so it can be handed to the runtime as `onExchange`). */
  readonly add = (x: ProxyExchange): void => {
    const fn = x.principal ?? 'unknown';
    let c = this.byFunction.get(fn);
    if (!c) {
      c = empty();
      this.byFunction.set(fn, c);
    }
    const action = x.actions[0] ?? `${x.service}:?`;
    c.requests[action] = (c.requests[action] ?? 0) + 1;
    if (x.status < 200 || x.status > 299) c.failedRequests++;
    // The operation itself: a transaction's IAM actions are its elements' (UpdateItem, PutItem, …), not its own.
    const op = x.target ? x.target.slice(x.target.indexOf('.') + 1) : action.slice(action.indexOf(':') + 1);
    if (x.target) {
      const name = `${x.service}:${op}`;
      c.operations[name] = (c.operations[name] ?? 0) + 1;
    }
    if (x.service === 'dynamodb') countDynamo(c, op, x);
    else if (x.service === 's3' && op === 'PutObject') {
      c.s3Puts++;
      c.s3BytesWritten += x.requestBytes;
    } else if (x.service === 's3' && op === 'GetObject') c.s3Gets++;
    else if (x.service === 'sqs') c.sqsRequests++;
    else if (x.service === 'ses' && x.status >= 200 && x.status < 300) {
      c.mails++;
      // SES counts recipients against the send rate: v1's form names them `Destination.ToAddresses.member.N`.
      const form = new URLSearchParams(x.requestBody?.toString('utf8') ?? '');
      c.mailRecipients += [...form.keys()].filter((k) =>
        /^(Destination\.(To|Cc|Bcc)Addresses|Destinations)\.member\.\d+$/.test(k),
      ).length;
    }
  };

  counts(fn: string): FunctionCounts {
    return this.byFunction.get(fn) ?? empty();
  }
}
