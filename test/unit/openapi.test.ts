/**
 * The API contract and its OpenAPI 3.1 document (shared/http/contract/, shared/http/openapi.ts): every route of
 * the table is in it with its method, security and statuses, it is a valid OpenAPI 3.1 document, and the schemas
 * in it say what the zod schemas say.
 */
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { contracts } from '../../shared/http/contract/index.js';
import { openApiDocument, SECURITY_SCHEME } from '../../shared/http/openapi.js';
import { type RouteSpec, routes } from '../../shared/http/routes.js';

type Operation = {
  operationId: string;
  security?: unknown[];
  parameters?: Array<{ name: string; in: string }>;
  requestBody?: { content: Record<string, unknown> };
  responses: Record<string, { content?: Record<string, { schema: { $ref?: string } }> }>;
};
const document = openApiDocument({ serverUrl: 'https://api.example.nl' }) as {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
  security: unknown[];
  servers: unknown[];
};
const operationOf = (r: RouteSpec) => document.paths[r.path]?.[r.method.toLowerCase()];

describe('the OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(document));
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('holds component schemas that are valid JSON Schema 2020-12, the dialect OpenAPI 3.1 uses', () => {
    // The OpenAPI validator checks the document's structure, not the schemas in it: the draft's meta-schema does.
    const ajv = new Ajv2020();
    for (const [name, schema] of Object.entries(document.components.schemas)) {
      expect(ajv.validateSchema(schema as object), `${name}: ${ajv.errorsText()}`).toBe(true);
    }
  });

  it('has every route of the table, and nothing else', () => {
    const inDocument = Object.entries(document.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(inDocument.sort()).toEqual(routes.map((r) => `${r.method} ${r.path}`).sort());
    for (const r of routes as readonly RouteSpec[]) {
      expect(r.contract, r.id).toBe(contracts[r.id as keyof typeof contracts]);
      expect(operationOf(r)?.operationId).toBe(r.id.charAt(0).toLowerCase() + r.id.slice(1));
    }
  });

  it('needs the bearer token on every route the authorizer guards, and none on /health and /openapi.json', () => {
    expect(document.security).toEqual([{ [SECURITY_SCHEME]: [] }]);
    expect(document.components.securitySchemes[SECURITY_SCHEME]).toMatchObject({
      type: 'http',
      scheme: 'bearer',
    });
    for (const r of routes as readonly RouteSpec[]) {
      expect(operationOf(r)?.security, r.id).toEqual(r.auth ? undefined : []);
      // What API Gateway answers before the authorizer is asked: only where there is one.
      expect('401' in (operationOf(r)?.responses ?? {}), r.id).toBe(r.auth);
    }
  });

  it('names every path parameter and lists every status of the contract, each with a schema that resolves', () => {
    for (const r of routes as readonly RouteSpec[]) {
      const op = operationOf(r) as Operation;
      const params = [...r.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      expect(op.parameters?.filter((p) => p.in === 'path').map((p) => p.name) ?? [], r.id).toEqual(params);
      expect(Object.keys(op.responses), r.id).toEqual(Object.keys(r.contract.responses));
      for (const [status, response] of Object.entries(op.responses)) {
        const ref = response.content?.['application/json']?.schema.$ref;
        if (ref)
          expect(
            document.components.schemas[ref.replace('#/components/schemas/', '')],
            `${r.id} ${status}`,
          ).toBeDefined();
      }
    }
  });

  it('documents the report as a PDF, the upload as CSV bytes and the consent as JSON', () => {
    const byId = (id: string) => operationOf(routes.find((r) => r.id === id) as RouteSpec) as Operation;
    expect(Object.keys(byId('GetReport').responses['200']?.content ?? {})).toEqual(['application/pdf']);
    expect(Object.keys(byId('UploadExport').requestBody?.content ?? {})).toContain(
      'application/octet-stream',
    );
    expect(Object.keys(byId('PutConsent').requestBody?.content ?? {})).toEqual(['application/json']);
    expect(document.components.schemas.PutConsentRequest).toMatchObject({ additionalProperties: false });
  });

  it('names the deployment it was asked at as its server, and is the same every time', () => {
    expect(document.servers).toEqual([{ url: 'https://api.example.nl' }]);
    expect(JSON.stringify(openApiDocument())).toBe(JSON.stringify(openApiDocument()));
  });
});
