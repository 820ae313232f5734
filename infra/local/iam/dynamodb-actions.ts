/**
 * The DynamoDB part of the request mapper (AWS JSON 1.0, `x-amz-target: DynamoDB_20120810.Op`): table and index
 * ARNs, and `dynamodb:LeadingKeys` from the partition key of every item an operation touches, because the role
 * policies limit the writes of functions to the partitions they own (infra/constructs/function-factory.ts).
 */
import { TABLE_DESIGN } from '../../../shared/table-design.js';
import { fail, type HttpRequestParts, type IamRequest, type MappingContext } from './iam-request.js';
import { isObject, type Json, jsonBody, operationOf, unique } from './request-parsing.js';

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

/** The checks of DynamoDB operation `op`, whose JSON body is `body`. */
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

/** The IAM checks of one DynamoDB request. */
export const dynamodbRequestsOf = (http: HttpRequestParts, ctx: MappingContext): IamRequest[] => {
  const body = jsonBody(http.body, 'dynamodb');
  return dynamodbRequests(operationOf(http, 'DynamoDB_20120810', body), body, ctx);
};
