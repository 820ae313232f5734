/**
 * The OpenAPI 3.1 document of the API, generated from the route table and its contract (shared/http/contract/)
 * with zod's own JSON Schema conversion, whose draft 2020-12 is the dialect OpenAPI 3.1 uses. The records the
 * routes share are components; every other body is a component named after its route and status, so that a
 * generated client has a name for each. `GET /openapi.json` answers it (functions/openapi).
 */
import '../zod-locale.js';
import * as z from 'zod/mini';
import { consentSchema } from '../model.js';
import {
  fieldIssueSchema,
  forbiddenBody,
  gatewayError,
  internalErrorBody,
  schoolNotFoundBody,
  schoolPathErrorBody,
} from './contract/errors.js';
import type { ResponseContract, RouteContract } from './contract/index.js';
import {
  aggregatesSchema,
  deliveryRecordSchema,
  exportSummarySchema,
  ingestErrorSchema,
  publicInstrumentSchema,
  representativenessSchema,
  schoolRefSchema,
  warningSchema,
} from './contract/records.js';
import { type RouteSpec, routes } from './routes.js';

type JsonSchema = z.core.JSONSchema.BaseSchema;
type Json = Record<string, unknown>;

/** The security scheme of every route with `auth: true`: what the Lambda authorizer reads. */
export const SECURITY_SCHEME = 'msvToken';

/** The records that several routes answer with, by the name they have in the document. */
const SHARED_RECORDS = {
  Consent: consentSchema,
  ExportSummary: exportSummarySchema,
  Aggregates: aggregatesSchema,
  Representativeness: representativenessSchema,
  Warning: warningSchema,
  DeliveryRecord: deliveryRecordSchema,
  Instrument: publicInstrumentSchema,
  SchoolRef: schoolRefSchema,
  IngestError: ingestErrorSchema,
  FieldIssue: fieldIssueSchema,
  GatewayError: gatewayError,
  Forbidden: forbiddenBody,
  InternalError: internalErrorBody,
  SchoolPathError: schoolPathErrorBody,
  SchoolNotFound: schoolNotFoundBody,
} as const satisfies Record<string, z.ZodMiniType>;

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });
const toUri = (id: string) => ref(id).$ref;

/** A converted schema as a component: without the `$schema` and `$id` that a standalone one carries. */
const asComponent = ({ $schema: _, $id: __, ...rest }: JsonSchema): JsonSchema => rest;

/** The component name of a response body: `Me` for the success, `PutConsent409` for the others. */
const bodyName = (route: RouteSpec, status: number) => (status < 300 ? route.id : `${route.id}${status}`);

/** Every JSON body of the table, by the component name it gets; the same schema keeps its first name. */
const namedBodies = (): Map<z.ZodMiniType, string> => {
  const names = new Map<z.ZodMiniType, string>(
    Object.entries(SHARED_RECORDS).map(([id, schema]) => [schema, id]),
  );
  for (const route of routes as readonly RouteSpec[]) {
    for (const [status, response] of Object.entries(route.contract.responses)) {
      if (response.json && !names.has(response.json))
        names.set(response.json, bodyName(route, Number(status)));
    }
  }
  return names;
};

/** Converts every body at once, so that bodies refer to the shared records by `$ref`. */
const componentSchemas = (names: Map<z.ZodMiniType, string>): Record<string, JsonSchema> => {
  const registry = z.registry<{ id: string }>();
  for (const [schema, id] of names) registry.add(schema, { id });
  // Answers are what the API sends: their output side (defaults applied, unknown keys stripped).
  const { schemas } = z.toJSONSchema(registry, { target: 'draft-2020-12', io: 'output', uri: toUri });
  if ('__shared' in schemas) throw new Error('a contract schema refers to itself: name it in SHARED_RECORDS');
  const out = Object.fromEntries(Object.entries(schemas).map(([id, s]) => [id, asComponent(s)]));
  for (const route of routes as readonly RouteSpec[]) {
    const body = route.contract.body;
    // Requests are what a client may send: their input side.
    if (body && 'json' in body) {
      out[`${route.id}Request`] = asComponent(
        z.toJSONSchema(body.json, { target: 'draft-2020-12', io: 'input' }),
      );
    }
  }
  return out;
};

const responseObject = (response: ResponseContract, name: string | undefined): Json => {
  const content: Json = {};
  if (response.json && name) content['application/json'] = { schema: ref(name) };
  if (response.media) {
    content[response.media.type] = {
      schema: {
        type: 'string',
        contentMediaType: response.media.type,
        description: response.media.description,
      },
    };
  }
  const headers = Object.fromEntries(
    Object.entries(response.headers ?? {}).map(([header, h]) => [
      header,
      { description: h.description, required: h.required ?? false, schema: { type: 'string' } },
    ]),
  );
  return {
    description: response.description,
    ...(Object.keys(content).length > 0 ? { content } : {}),
    ...(Object.keys(headers).length > 0 ? { headers } : {}),
  };
};

/** The path and query parameters; a parameter's description moves from its schema to the parameter. */
const parameters = (contract: RouteContract): Json[] => {
  const param = (
    name: string,
    where: 'path' | 'query',
    schema: z.core.$ZodType,
    required: boolean,
    text?: string,
  ) => {
    const { description, ...json } = asComponent(
      z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input' }),
    );
    return { name, in: where, required, description: text ?? description, schema: json };
  };
  return [
    ...Object.entries(contract.path?.shape ?? {}).map(([name, s]) => param(name, 'path', s, true)),
    ...Object.entries(contract.query ?? {}).map(([name, q]) =>
      param(name, 'query', q.schema, q.required, q.description),
    ),
  ];
};

const requestBody = (route: RouteSpec): Json | undefined => {
  const body = route.contract.body;
  if (!body) return undefined;
  const content =
    'json' in body
      ? { 'application/json': { schema: ref(`${route.id}Request`) } }
      : Object.fromEntries(body.mediaTypes.map((type) => [type, { schema: { type: 'string' } }]));
  return { required: true, description: body.description, content };
};

const operation = (route: RouteSpec, names: Map<z.ZodMiniType, string>): Json => {
  const { contract } = route;
  const body = requestBody(route);
  const params = parameters(contract);
  return {
    operationId: route.id.charAt(0).toLowerCase() + route.id.slice(1),
    summary: contract.summary,
    ...(contract.description ? { description: contract.description } : {}),
    tags: [contract.tag],
    // Routes behind the authorizer inherit the document's security; the public ones need none.
    ...(route.auth ? {} : { security: [] }),
    ...(params.length > 0 ? { parameters: params } : {}),
    ...(body ? { requestBody: body } : {}),
    responses: Object.fromEntries(
      Object.entries(contract.responses).map(([status, r]) => [
        status,
        responseObject(r, r.json && names.get(r.json)),
      ]),
    ),
  };
};

const DESCRIPTION = `Schools and survey vendors upload respondent-level survey exports of the Monitoring Sociale Veiligheid; \
msv keeps only aggregates, takes the board's consent with a delivery date, and delivers the report and its data \
to the Inspectie van het Onderwijs exactly once.

Every route except \`/health\` and \`/openapi.json\` needs \`Authorization: Bearer <token>\`, once. Errors are JSON \
\`{ code, message, … }\` with a stable \`code\`, where people read them a Dutch \`messageNl\`, and the \`field\` that \
caused them; API Gateway's own answers (401, 403 for a refused token, 413, 429, 503) are \`{ message }\` only.`;

export interface OpenApiOptions {
  /** The API's own URL, when known (the request's), as the document's one server. */
  readonly serverUrl?: string;
}

/** The OpenAPI 3.1 document of every route in shared/http/routes.ts. */
export const openApiDocument = (options: OpenApiOptions = {}): Json => {
  const names = namedBodies();
  const paths: Record<string, Json> = {};
  for (const route of routes as readonly RouteSpec[]) {
    paths[route.path] = { ...paths[route.path], [route.method.toLowerCase()]: operation(route, names) };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'msv — Monitoring Sociale Veiligheid, delivered', version: '1', description: DESCRIPTION },
    ...(options.serverUrl ? { servers: [{ url: options.serverUrl }] } : {}),
    security: [{ [SECURITY_SCHEME]: [] }],
    tags: [...new Set(routes.map((r) => r.contract.tag))].map((name) => ({ name })),
    paths,
    components: {
      schemas: componentSchemas(names),
      securitySchemes: {
        [SECURITY_SCHEME]: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'msv_<role>_<43 base64url characters>',
          description:
            'A machine token, `msv_school_…`, `msv_board_…`, `msv_vendor_…` or `msv_admin_…`, made by the operator (`npm run admin -- token create`). Sent once: two `Authorization` headers are refused.',
        },
      },
    },
  };
};
