/**
 * Checks an answer of the API against its route's contract (shared/http/contract/): the status must be one the
 * route lists, the media type the one listed for it, a JSON body must parse with the route's zod schema (what
 * the web app's types are) and validate against the OpenAPI document's JSON Schema for it (what a vendor's
 * generated client expects: no field the document does not name), and required headers must be there. The
 * tests' local gateway checks every answer with it (test/support/runtime.ts), and so does `npm start` with
 * MSV_CHECK_RESPONSES=1 (the end-to-end tests). Tooling only: ajv is a devDependency.
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { openApiDocument } from '../../shared/http/openapi.js';
import type { RouteSpec } from '../../shared/http/routes.js';

/** An answer as the client receives it: the body decoded from base64 when the function encoded it. */
export interface ApiAnswer {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string | string[]>>;
  readonly body: Buffer | string;
}

/** The problems of an answer; empty when it fits the contract. */
export type ContractCheck = (route: RouteSpec, answer: ApiAnswer) => string[];

type Json = Record<string, unknown>;
const DOCUMENT_ID = 'msv-openapi.json';

const headerOf = (answer: ApiAnswer, name: string): string | undefined => {
  const value = Object.entries(answer.headers).find(([k]) => k.toLowerCase() === name)?.[1];
  return Array.isArray(value) ? value.join(', ') : value;
};

/** A checker over the document as it is generated now; each JSON Schema is compiled when first needed. */
export const contractCheck = (): ContractCheck => {
  const document = openApiDocument();
  // The document is not a JSON Schema itself, but its component schemas are: refs resolve inside it.
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addSchema(document, DOCUMENT_ID);
  const validators = new Map<string, ValidateFunction>();

  const validatorOf = (route: RouteSpec, status: number): ValidateFunction => {
    const key = `${route.id} ${status}`;
    const known = validators.get(key);
    if (known) return known;
    const operation = (document.paths as Record<string, Record<string, Json>>)[route.path]?.[
      route.method.toLowerCase()
    ];
    const responses = operation?.responses as Record<string, { content: Record<string, { schema: Json }> }>;
    const schema = responses[status]?.content['application/json']?.schema as { $ref: string };
    const validate = ajv.compile({ $ref: `${DOCUMENT_ID}${schema.$ref}` });
    validators.set(key, validate);
    return validate;
  };

  return (route, answer) => {
    const where = `${route.method} ${route.path} → ${answer.statusCode}`;
    const response = route.contract.responses[answer.statusCode];
    if (!response) return [`${where}: the contract lists no such status for the route`];
    const problems: string[] = [];
    for (const [name, header] of Object.entries(response.headers ?? {})) {
      if (header.required && headerOf(answer, name) === undefined)
        problems.push(`${where}: no ${name} header`);
    }
    const mediaType = (headerOf(answer, 'content-type') ?? '').split(';')[0]?.trim().toLowerCase();
    if (response.media && mediaType === response.media.type) {
      if (
        response.media.type === 'application/pdf' &&
        !Buffer.from(answer.body).subarray(0, 5).equals(Buffer.from('%PDF-'))
      ) {
        problems.push(`${where}: the body is not a PDF`);
      }
      return problems;
    }
    if (!response.json || mediaType !== 'application/json') {
      const listed = [response.json && 'application/json', response.media?.type].filter(Boolean).join(' or ');
      return [...problems, `${where}: content-type ${mediaType || '(none)'}, the contract says ${listed}`];
    }
    let body: unknown;
    try {
      body = JSON.parse(answer.body.toString());
    } catch {
      return [...problems, `${where}: the body is not JSON`];
    }
    const parsed = response.json.safeParse(body);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        problems.push(`${where}: ${issue.path.join('.') || '(body)'}: ${issue.message}`);
    }
    const validate = validatorOf(route, answer.statusCode);
    if (!validate(body)) {
      for (const e of validate.errors ?? []) {
        problems.push(
          `${where}: ${e.instancePath || '(body)'} ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`,
        );
      }
    }
    return problems;
  };
};
