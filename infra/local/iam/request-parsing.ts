/**
 * Reading the parts of an HTTP request that the service mappers share: a JSON body, a header and the operation
 * of an AWS JSON 1.0 or query-protocol request. What cannot be read fails with the mapper's denial, so a
 * malformed request is refused instead of passing unchecked.
 */
import { fail, type HttpRequestParts } from './iam-request.js';

/** A JSON object as a request body holds it. */
export type Json = Record<string, unknown>;

/** A JSON object (not null, not an array). */
export const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The body as a JSON object; an empty body is `{}`, as the SDK sends for operations without input. */
export const jsonBody = (body: Buffer, service: string): Json => {
  if (body.length === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return fail(`${service} request body is not JSON`);
  }
  return isObject(parsed) ? parsed : fail(`${service} request body is not a JSON object`);
};

/** The first value of header `name` (lower case, as node gives them). */
export const header = (h: HttpRequestParts['headers'], name: string): string | undefined => {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
};

/** `values` without repeats, in their first order. */
export const unique = (values: string[]): string[] => [...new Set(values)];

// Letters only: the operation becomes part of an IAM action, which must not smuggle in `:` or a wildcard.
const OPERATION = /^[A-Za-z]{1,64}$/;

/** The operation of an AWS JSON 1.0 request (`x-amz-target: Prefix.Op`), or of a query request (`Action=`). */
export const operationOf = (http: HttpRequestParts, prefix: string, params: Json): string => {
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
