/**
 * `GET /openapi.json`, without a token: the API's OpenAPI 3.1 document, generated from the route table's
 * contract (shared/http/openapi.ts) once per container, at cold start. Its one server is the URL it was asked
 * at, so a client generated from it calls the same deployment.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { openApiDocument } from '../../shared/http/openapi.js';
import { apiHandler } from '../lib/api-handler.js';
import { type ApiEvent, json } from '../lib/http.js';

/** The API's own URL: API Gateway says `x-forwarded-proto: https`; the local gateway speaks plain HTTP. */
const serverUrlOf = (event: ApiEvent): string =>
  `${event.headers['x-forwarded-proto'] ?? 'http'}://${event.headers.host ?? event.requestContext.domainName}`;

export const createOpenApiHandler = ({ logger }: { logger: Logger }) => {
  const document = openApiDocument();
  return apiHandler(logger, async (event) =>
    json(
      200,
      { ...document, servers: [{ url: serverUrlOf(event) }] },
      // The same for every caller until the next deploy.
      { 'cache-control': 'public, max-age=300' },
    ),
  );
};
